"""The one app reader (DESIGN.md §11): every use case that needs apps as Graph has them now reads them here.

A read is a listing strategy composed with the document assembler:

    AppReader.read(graph, listing, Assembly(...), pacer=..., cancel=...) -> Read

- The listing strategy (`listing.ListingStrategy`) says which apps and how Graph is asked: `WholeTenant` (a backup;
  "what changed since a snapshot"), `ByIds` and `ListedSelection` (chosen apps: a restore's target reads and
  read-backs, a comparison of one app; `by_ids` picks the cheaper), and, built on the same protocol, a delta
  strategy. It hands pages of apps and of their federated credentials to the assembler, reads the enterprise part
  (alongside the listing, or after it for the apps found), and says which known apps are gone (recycle bin) and
  which wanted ones were not found.
- The document assembler (`assembler.DocumentAssembler`, one per read) turns those pages into app documents: the
  detail reads a listing can't give (owners beyond the expand cap, certificate bytes, logos; 20 to a $batch,
  overlapping the listing; what the store has already is not read again), the enterprise section, and, per
  `Assembly`, the stored form (`ObservedApp`), the documents themselves, certificate bytes left for later.

Use cases keep their own policy: the backup locks the tenant, writes the snapshot and fills the certificates
(services/backup.py); a restore previews and runs; a comparison diffs. `read_apps` and `read_tenant` are the reads
they share.
"""

from desktop_app.services.app_reader.assembler import Assembly, DocumentAssembler
from desktop_app.services.app_reader.listing import (
    HEX_DIGITS,
    AppSink,
    ByIds,
    ListedSelection,
    ListingContext,
    ListingStrategy,
    ReadProgress,
    Removals,
    WholeTenant,
    by_ids,
    list_instead,
    purge_date,
)
from desktop_app.services.app_reader.reader import AppReader, AppsRead, GraphForTenant, Read, TenantRead

__all__ = [
    "HEX_DIGITS",
    "AppReader",
    "AppSink",
    "AppsRead",
    "Assembly",
    "ByIds",
    "DocumentAssembler",
    "GraphForTenant",
    "ListedSelection",
    "ListingContext",
    "ListingStrategy",
    "Read",
    "ReadProgress",
    "Removals",
    "TenantRead",
    "WholeTenant",
    "by_ids",
    "list_instead",
    "purge_date",
]
