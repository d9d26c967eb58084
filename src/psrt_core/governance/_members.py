"""Members and the roster: who is on the PSRT, with which attributes, and since when."""

from __future__ import annotations

import datetime
import enum
import re
from collections.abc import Iterable, Mapping

import attrs

from psrt_core.exceptions import InvalidHandleError, UnknownMemberError
from psrt_core.governance._time import aware, to_utc_optional
from psrt_core.governance._time import instant as utc_instant

__all__ = [
    "ActivityKind",
    "Attribute",
    "Member",
    "MemberStatus",
    "Roster",
    "RosterIndex",
    "check_handle",
    "check_handles",
    "handle_key",
    "same_handle",
]


_LOGIN = re.compile(r"[A-Za-z0-9](?:-?[A-Za-z0-9])*")
_LOGIN_MAX = 39
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def check_handle(text: object) -> str:
    """*text* if it is a GitHub login, else `psrt_core.exceptions.InvalidHandleError`.

    GitHub's rule: ASCII letters, digits and single hyphens, no hyphen first or last, at most
    39 characters. Anything else is refused rather than folded, so that a look-alike (the Kelvin
    sign U+212A for ``K``) can never stand for a member.
    """
    if (
        not isinstance(text, str)
        or len(text) > _LOGIN_MAX
        or not text.isascii()
        or _LOGIN.fullmatch(text) is None
    ):
        raise InvalidHandleError(text)
    return text


def check_handles(values: Iterable[str]) -> tuple[str, ...]:
    """Every handle of *values* checked by `check_handle`, in order."""
    return tuple(check_handle(value) for value in values)


def handle_key(handle: str) -> str:
    """The comparison key of a GitHub handle: logins are case-insensitive in ASCII only (S58).

    Only ``A``-``Z`` are folded, never other letters: Unicode case rules would fold the Kelvin
    sign to ``k``. Valid handles need nothing else; any other text keeps its other characters,
    so it matches no valid handle.
    """
    return handle.strip().translate(_ASCII_LOWER)


def same_handle(left: str | None, right: str | None) -> bool:
    """Whether two handles name the same GitHub account; a missing handle matches nothing."""
    if left is None or right is None:
        return False
    return handle_key(left) == handle_key(right)


class Attribute(enum.Enum):
    """An outside role a member holds; roles matter for exemptions and auto-assignment (R-A4)."""

    ADMIN = "admin"
    RELEASE_MANAGER = "release_manager"
    STEERING_COUNCIL = "steering_council"
    PSF_STAFF = "psf_staff"
    CORE_TEAM = "core_team"
    TRIAGER = "triager"

    @property
    def label(self) -> str:
        """The spelling the devguide's CSV ``notes`` column uses (``Release Manager``)."""
        return _LABELS[self]

    @classmethod
    def from_label(cls, label: str) -> Attribute:
        """The attribute a devguide note names; `ValueError` for an unknown note."""
        wanted = " ".join(label.split()).lower()
        for attribute, text in _LABELS.items():
            if text.lower() == wanted:
                return attribute
        msg = f"unknown role {label!r}"
        raise ValueError(msg)


_LABELS = {
    Attribute.ADMIN: "Admin",
    Attribute.RELEASE_MANAGER: "Release Manager",
    Attribute.STEERING_COUNCIL: "Steering Council",
    Attribute.PSF_STAFF: "PSF Staff",
    Attribute.CORE_TEAM: "Core Team",
    Attribute.TRIAGER: "Triager",
}


class MemberStatus(enum.Enum):
    """On the member list, or on the emeritus list (former members, no rights: R-F7)."""

    MEMBER = "member"
    EMERITUS = "emeritus"


class ActivityKind(enum.Enum):
    """What counts as activity for the inactivity rule (R-F2)."""

    COORDINATED = "coordinated"
    COMMENTED = "commented"


def _unique_attributes(_instance: Member, _attribute: object, value: tuple[Attribute, ...]) -> None:
    if len(set(value)) != len(value):
        msg = f"attributes repeat: {[a.value for a in value]}"
        raise ValueError(msg)


def _attributes(value: Iterable[Attribute]) -> tuple[Attribute, ...]:
    return tuple(value)


def _optional_handle(_instance: object, _attribute: object, value: str | None) -> None:
    """An absent handle is allowed (``None``); an empty one is refused by the class itself."""
    if value is not None and value.strip():
        check_handle(value)


def handle_validator(_instance: object, _attribute: object, value: str) -> None:
    """The attrs validator of a required handle field (`check_handle`)."""
    check_handle(value)


def handles_validator(_instance: object, _attribute: object, value: Iterable[str]) -> None:
    """The attrs validator of a collection of handles (`check_handle` on each)."""
    check_handles(value)


@attrs.frozen
class Member:
    """One person on the member or emeritus list.

    *github* is kept as written and compared case-insensitively (`handle_key`). *attributes*
    keep the order the source wrote them in so that the devguide CSV round-trips exactly.
    *joined* and *left* are calendar dates (UTC) and both days count as member days: a member
    belongs on every day in ``[joined, left]``, so that leaving later on the day a vote opened
    cannot undo a nomination or a ballot already made that day. A missing *joined* means "since
    before the records begin".

    *joined_at* and *left_at* are the exact instants when they are known (the event log's
    replay sets them; the devguide CSV has none). Where an instant is known it decides, as
    ``[joined_at, left_at)``: a member onboarded at noon was not a member when a vote opened
    that morning (R-C8, S25), and a ballot cast after a resignation does not count (R-C2).
    Each instant must fall on its date.
    """

    name: str
    github: str | None = attrs.field(default=None, validator=_optional_handle)
    attributes: tuple[Attribute, ...] = attrs.field(
        default=(), converter=_attributes, validator=_unique_attributes
    )
    status: MemberStatus = MemberStatus.MEMBER
    joined: datetime.date | None = None
    left: datetime.date | None = None
    joined_at: datetime.datetime | None = attrs.field(
        default=None, converter=to_utc_optional, validator=attrs.validators.optional(aware)
    )
    left_at: datetime.datetime | None = attrs.field(
        default=None, converter=to_utc_optional, validator=attrs.validators.optional(aware)
    )
    # The handle's comparison key, derived once: tallies and replays compare it per member
    # per ballot, and folding the handle each time was half the work of a replay.
    _key: str | None = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_key", None if self.github is None else handle_key(self.github))
        if not self.name.strip():
            msg = "a member needs a name"
            raise ValueError(msg)
        if self.github is not None and not self.github.strip():
            msg = "an empty GitHub handle must be None"
            raise ValueError(msg)
        if self.status is MemberStatus.MEMBER and self.left is not None:
            msg = f"{self.name}: a current member cannot have a left date"
            raise ValueError(msg)
        if self.joined and self.left and self.left < self.joined:
            msg = f"{self.name}: left {self.left} before joining {self.joined}"
            raise ValueError(msg)
        for instant, day, what in (
            (self.joined_at, self.joined, "joined"),
            (self.left_at, self.left, "left"),
        ):
            if instant is not None and instant.date() != day:
                msg = f"{self.name}: {what}_at {instant.isoformat()} is not on {what} {day}"
                raise ValueError(msg)

    @property
    def key(self) -> str | None:
        """The case-insensitive comparison key of the handle, or ``None`` without one."""
        return self._key

    def has(self, attribute: Attribute) -> bool:
        """Whether the member holds *attribute*."""
        return attribute in self.attributes

    def is_member_on(self, day: datetime.date) -> bool:
        """Whether this entry made the person a member on *day*."""
        if self.joined is not None and day < self.joined:
            return False
        if self.status is MemberStatus.MEMBER:
            return True
        return self.left is not None and day <= self.left

    def is_member_at(self, instant: datetime.datetime) -> bool:
        """Whether this entry made the person a member at *instant* (exact where known)."""
        instant = utc_instant(instant, "instant")
        day = instant.date()
        if self.joined_at is not None:
            if instant < self.joined_at:
                return False
        elif self.joined is not None and day < self.joined:
            return False
        if self.status is MemberStatus.MEMBER:
            return True
        if self.left_at is not None:
            return instant < self.left_at
        return self.left is not None and day <= self.left

    def with_attribute(self, attribute: Attribute) -> Member:
        """The same member holding *attribute* too."""
        if self.has(attribute):
            return self
        return attrs.evolve(self, attributes=(*self.attributes, attribute))

    def without_attribute(self, attribute: Attribute) -> Member:
        """The same member without *attribute*."""
        return attrs.evolve(self, attributes=tuple(a for a in self.attributes if a != attribute))


def _members(value: Iterable[Member]) -> tuple[Member, ...]:
    return tuple(value)


@attrs.frozen
class Roster:
    """The member and emeritus lists as one immutable value.

    Duplicates are allowed so that `psrt_core.governance.check_roster` can report them as
    findings; lookups return the current member first.
    """

    members: tuple[Member, ...] = attrs.field(default=(), converter=_members)

    @classmethod
    def of(cls, members: Iterable[Member], emeritus: Iterable[Member] = ()) -> Roster:
        """A roster from the member list and the emeritus list (statuses forced to match)."""
        current = [
            attrs.evolve(m, status=MemberStatus.MEMBER, left=None, left_at=None) for m in members
        ]
        former = [attrs.evolve(m, status=MemberStatus.EMERITUS) for m in emeritus]
        return cls((*current, *former))

    @property
    def current(self) -> tuple[Member, ...]:
        """The members on the member list now."""
        return tuple(m for m in self.members if m.status is MemberStatus.MEMBER)

    @property
    def emeritus(self) -> tuple[Member, ...]:
        """The people on the emeritus list."""
        return tuple(m for m in self.members if m.status is MemberStatus.EMERITUS)

    @property
    def admins(self) -> tuple[Member, ...]:
        """The current members who are admins."""
        return tuple(m for m in self.current if m.has(Attribute.ADMIN))

    def members_on(self, day: datetime.date) -> tuple[Member, ...]:
        """Everyone who was a member on *day* according to the joined and left dates."""
        return tuple(m for m in self.members if m.is_member_on(day))

    def members_at(self, instant: datetime.datetime) -> tuple[Member, ...]:
        """Everyone who was a member at *instant* (see `Member.is_member_at`)."""
        return tuple(m for m in self.members if m.is_member_at(instant))

    def find(self, handle: str) -> Member | None:
        """The entry for *handle* (any letter case), preferring a current member."""
        key = handle_key(handle)
        matches = [m for m in self.members if m.key == key]
        matches.sort(key=lambda m: m.status is not MemberStatus.MEMBER)
        return matches[0] if matches else None

    def get(self, handle: str) -> Member:
        """Like `find`, but raises `psrt_core.exceptions.UnknownMemberError` for no match."""
        member = self.find(handle)
        if member is None:
            raise UnknownMemberError(handle)
        return member

    def is_member(
        self,
        handle: str,
        *,
        on: datetime.date | None = None,
        at: datetime.datetime | None = None,
    ) -> bool:
        """Whether *handle* is a current member, was one on the day *on*, or at the instant *at*."""
        key = handle_key(handle)
        if at is not None:
            pool = self.members_at(at)
        else:
            pool = self.current if on is None else self.members_on(on)
        return any(m.key == key for m in pool)

    def replace(self, old: Member, new: Member | None) -> Roster:
        """The roster with the entry *old* replaced by *new* (or dropped when ``None``)."""
        index = self.members.index(old)
        rest = self.members[:index] + self.members[index + 1 :]
        if new is None:
            return Roster(rest)
        return Roster((*rest[:index], new, *rest[index:]))

    def add(self, member: Member) -> Roster:
        """The roster with *member* appended."""
        return Roster((*self.members, member))


@attrs.frozen
class RosterIndex:
    """The roster's entries grouped by handle key, built once so that a lookup costs O(1).

    A tally asks "was this voter a member at that instant?" once per ballot; scanning the whole
    roster each time made a tally grow with ballots x members.
    """

    entries: Mapping[str, tuple[Member, ...]]

    @classmethod
    def of(cls, roster: Roster) -> RosterIndex:
        """The index of *roster*: one pass over its entries."""
        grouped: dict[str, list[Member]] = {}
        for member in roster.members:
            if member.key is not None:
                grouped.setdefault(member.key, []).append(member)
        return cls({key: tuple(members) for key, members in grouped.items()})

    def is_member_at(self, handle: str, instant: datetime.datetime) -> bool:
        """Whether *handle* was a member at *instant* (see `Member.is_member_at`)."""
        return any(m.is_member_at(instant) for m in self.entries.get(handle_key(handle), ()))
