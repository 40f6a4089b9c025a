"""The reader behind the private-names contract (tests/import_contracts.py, run by lint-imports): it finds both ways
of reaching into another service's private names, and the services keep to it."""

from __future__ import annotations

from import_contracts import private_reaches, service_private_reaches


def test_no_service_imports_another_services_private_names() -> None:
    assert service_private_reaches() == []


def test_the_check_sees_both_ways_of_reaching_in() -> None:
    source = ("from desktop_app.services.enterprise_read import _list, results\n"
              "from desktop_app.services import restore_journal\n"
              "restore_journal._pid_running(1)\n"
              "from desktop_app.services.app_reader.listing import _list_part\n")
    assert private_reaches(source, "desktop_app.services.probe") == [
        "desktop_app.services.probe:1 from desktop_app.services.enterprise_read import _list",
        "desktop_app.services.probe:4 from desktop_app.services.app_reader.listing import _list_part",
        "desktop_app.services.probe:3 desktop_app.services.restore_journal._pid_running",
    ]
    # Within one service (a package) its modules share what they like.
    within = private_reaches(source, "desktop_app.services.app_reader.reader")
    assert len(within) == 2 and not any("_list_part" in reach for reach in within)
