"""Exports of an app document to what other tools read, pure: no I/O.

- `graph_body`: a body `POST /applications` accepts as it is, and what a create can't carry (done after it);
- `terraform`: `azuread_application` (and friends) in HCL2 with the azuread provider's names;
- `passport`: a printable HTML "app passport" for audits.

None of them ever writes a secret: client secrets appear as their metadata (name, hint, dates) at most, and
certificates as metadata and thumbprints, never their bytes. `services/export.py` reads the store and writes files.
"""
