"""The edge of psrt-core: documents in and out (JSON, TOML, YAML, CSV) through cattrs.

The domain packages never import this one; it imports them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from psrt_core._lazy import lazy_getattr

if TYPE_CHECKING:
    from psrt_core.serialization._activity_io import (
        activity_from_json,
        activity_to_json,
        comment_activity_from_csv,
    )
    from psrt_core.serialization._advisory_io import (
        Syntax,
        advisory_from_dict,
        advisory_to_dict,
        commit_map_from_dict,
        commit_map_from_text,
        dump_advisory,
        load_advisory,
        load_commit_map,
        make_advisory_converter,
        parse_advisory,
    )
    from psrt_core.serialization._bulk import collector_paused, index_records, parse_advisories
    from psrt_core.serialization._bundled import bundled_catalog, cpython_releases, pip_releases
    from psrt_core.serialization._catalogs import (
        CATALOG_FORMAT,
        catalog_from_dict,
        catalog_from_python_releases_toml,
        catalog_from_simple_api,
        catalog_to_dict,
    )
    from psrt_core.serialization._commit_maps import (
        COMMIT_MAP_HEADER,
        TagReleases,
        commit_map_to_text,
        record_commits,
        release_of_tag,
        releases_of_tags,
    )
    from psrt_core.serialization._converter import make_converter
    from psrt_core.serialization._events_io import (
        event_from_dict,
        event_to_dict,
        events_from_jsonl,
        events_to_jsonl,
    )
    from psrt_core.serialization._fragments import (
        cve_versions_from_dicts,
        fragment_to_dict,
        osv_ranges_from_dicts,
    )
    from psrt_core.serialization._ghsa_io import (
        credit_facts_from_dict,
        ghsa_from_dict,
        ghsa_to_dict,
        load_credit_facts,
        load_ghsa,
        load_login_roster,
        login_roster_from_csv,
    )
    from psrt_core.serialization._nomination_io import (
        nomination_from_dict,
        nomination_from_json,
    )
    from psrt_core.serialization._policy_io import (
        policy_from_dict,
        policy_from_toml,
        policy_to_dict,
        policy_to_toml,
    )
    from psrt_core.serialization._roster_io import (
        ROSTER_FORMAT,
        emeritus_to_devguide_csv,
        members_to_devguide_csv,
        roster_from_devguide_csv,
        roster_from_dict,
        roster_from_json,
        roster_to_dict,
    )

#: Every name is loaded on first use (PEP 562): the governance serializers import the
#: governance package, which reading an advisory or a catalog never needs, and reading a JSON
#: record or the bundled catalog needs neither cattrs, PyYAML nor the other formats' modules
#: (and the bulk functions import the ranges package).
_LAZY: dict[str, str] = {
    "Syntax": "psrt_core.serialization._advisory_io",
    "advisory_from_dict": "psrt_core.serialization._advisory_io",
    "advisory_to_dict": "psrt_core.serialization._advisory_io",
    "commit_map_from_dict": "psrt_core.serialization._advisory_io",
    "commit_map_from_text": "psrt_core.serialization._advisory_io",
    "dump_advisory": "psrt_core.serialization._advisory_io",
    "load_advisory": "psrt_core.serialization._advisory_io",
    "load_commit_map": "psrt_core.serialization._advisory_io",
    "make_advisory_converter": "psrt_core.serialization._advisory_io",
    "parse_advisory": "psrt_core.serialization._advisory_io",
    "collector_paused": "psrt_core.serialization._bulk",
    "index_records": "psrt_core.serialization._bulk",
    "parse_advisories": "psrt_core.serialization._bulk",
    "bundled_catalog": "psrt_core.serialization._bundled",
    "cpython_releases": "psrt_core.serialization._bundled",
    "pip_releases": "psrt_core.serialization._bundled",
    "CATALOG_FORMAT": "psrt_core.serialization._catalogs",
    "catalog_from_dict": "psrt_core.serialization._catalogs",
    "catalog_from_python_releases_toml": "psrt_core.serialization._catalogs",
    "catalog_from_simple_api": "psrt_core.serialization._catalogs",
    "catalog_to_dict": "psrt_core.serialization._catalogs",
    "COMMIT_MAP_HEADER": "psrt_core.serialization._commit_maps",
    "TagReleases": "psrt_core.serialization._commit_maps",
    "commit_map_to_text": "psrt_core.serialization._commit_maps",
    "record_commits": "psrt_core.serialization._commit_maps",
    "release_of_tag": "psrt_core.serialization._commit_maps",
    "releases_of_tags": "psrt_core.serialization._commit_maps",
    "make_converter": "psrt_core.serialization._converter",
    "cve_versions_from_dicts": "psrt_core.serialization._fragments",
    "fragment_to_dict": "psrt_core.serialization._fragments",
    "osv_ranges_from_dicts": "psrt_core.serialization._fragments",
    "credit_facts_from_dict": "psrt_core.serialization._ghsa_io",
    "ghsa_from_dict": "psrt_core.serialization._ghsa_io",
    "ghsa_to_dict": "psrt_core.serialization._ghsa_io",
    "load_credit_facts": "psrt_core.serialization._ghsa_io",
    "load_ghsa": "psrt_core.serialization._ghsa_io",
    "load_login_roster": "psrt_core.serialization._ghsa_io",
    "login_roster_from_csv": "psrt_core.serialization._ghsa_io",
    "activity_from_json": "psrt_core.serialization._activity_io",
    "activity_to_json": "psrt_core.serialization._activity_io",
    "comment_activity_from_csv": "psrt_core.serialization._activity_io",
    "event_from_dict": "psrt_core.serialization._events_io",
    "event_to_dict": "psrt_core.serialization._events_io",
    "events_from_jsonl": "psrt_core.serialization._events_io",
    "events_to_jsonl": "psrt_core.serialization._events_io",
    "nomination_from_dict": "psrt_core.serialization._nomination_io",
    "nomination_from_json": "psrt_core.serialization._nomination_io",
    "policy_from_dict": "psrt_core.serialization._policy_io",
    "policy_from_toml": "psrt_core.serialization._policy_io",
    "policy_to_dict": "psrt_core.serialization._policy_io",
    "policy_to_toml": "psrt_core.serialization._policy_io",
    "ROSTER_FORMAT": "psrt_core.serialization._roster_io",
    "emeritus_to_devguide_csv": "psrt_core.serialization._roster_io",
    "members_to_devguide_csv": "psrt_core.serialization._roster_io",
    "roster_from_devguide_csv": "psrt_core.serialization._roster_io",
    "roster_from_dict": "psrt_core.serialization._roster_io",
    "roster_from_json": "psrt_core.serialization._roster_io",
    "roster_to_dict": "psrt_core.serialization._roster_io",
}

__all__ = [
    "CATALOG_FORMAT",
    "COMMIT_MAP_HEADER",
    "ROSTER_FORMAT",
    "Syntax",
    "TagReleases",
    "activity_from_json",
    "activity_to_json",
    "advisory_from_dict",
    "advisory_to_dict",
    "bundled_catalog",
    "catalog_from_dict",
    "catalog_from_python_releases_toml",
    "catalog_from_simple_api",
    "catalog_to_dict",
    "collector_paused",
    "comment_activity_from_csv",
    "commit_map_from_dict",
    "commit_map_from_text",
    "commit_map_to_text",
    "cpython_releases",
    "credit_facts_from_dict",
    "cve_versions_from_dicts",
    "dump_advisory",
    "emeritus_to_devguide_csv",
    "event_from_dict",
    "event_to_dict",
    "events_from_jsonl",
    "events_to_jsonl",
    "fragment_to_dict",
    "ghsa_from_dict",
    "ghsa_to_dict",
    "index_records",
    "load_advisory",
    "load_commit_map",
    "load_credit_facts",
    "load_ghsa",
    "load_login_roster",
    "login_roster_from_csv",
    "make_advisory_converter",
    "make_converter",
    "members_to_devguide_csv",
    "nomination_from_dict",
    "nomination_from_json",
    "osv_ranges_from_dicts",
    "parse_advisories",
    "parse_advisory",
    "pip_releases",
    "policy_from_dict",
    "policy_from_toml",
    "policy_to_dict",
    "policy_to_toml",
    "record_commits",
    "release_of_tag",
    "releases_of_tags",
    "roster_from_devguide_csv",
    "roster_from_dict",
    "roster_from_json",
    "roster_to_dict",
]


__getattr__ = lazy_getattr(__name__, _LAZY, globals())


def __dir__() -> list[str]:
    return __all__
