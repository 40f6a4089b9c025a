"""The restore engine's sentences, once, in English: what the planner and the run return as codes (warnings and
notes, follow-ups, access changes, failures and how a run stopped, plan, pick and input errors), in words.

Every sentence is marked for lupdate under the context RestoreWordTexts (QT_TRANSLATE_NOOP; one that counts,
"%Ln app(s)", with domain/translation_marks.py's translate; packaging/translations.py reads this module too) and
is said through a `Voice`: the command line's, the report files' and the audit trail's says the English as it
stands (ENGLISH; services/restore_texts.py), the window's translates it first, `RestoreWordTexts.tr(sentence)`
(ui/restore/words.py, ui/restore/refusals.py). The facts are filled in after, with str.format's {names}; a sentence
that counts ("%Ln app(s)") takes its count from the voice, as Qt's plural forms do.
"""

from desktop_app.services.restore_sentences.outcomes import (
    access_words,
    failure_words,
    follow_up_words,
    step_words,
    warning_facts,
    warning_words,
)
from desktop_app.services.restore_sentences.refusals import (
    NONE_IN_THIS_SNAPSHOT,
    days_words,
    input_error_words,
    pick_error_words,
    plan_error_words,
)
from desktop_app.services.restore_sentences.voice import ENGLISH, Voice, english

__all__ = [
    "ENGLISH", "NONE_IN_THIS_SNAPSHOT", "Voice", "access_words", "days_words", "english", "failure_words",
    "follow_up_words", "input_error_words", "pick_error_words", "plan_error_words", "step_words", "warning_facts",
    "warning_words",
]
