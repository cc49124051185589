"""Time zones as applicants name them: "Cairo", "Ethiopia", "EST", "UTC+3", "UTC+5:30".

Countries come from the tz database's own tables (`iso3166.tab`, `zone.tab` in the tzdata
package): a country with one zone is that zone; one with several asks for a city.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from importlib.resources import files
from zoneinfo import available_timezones

from flows.parsing import Parsed, clean, fail

# Abbreviations and names the tz database does not know by these words. Before zone names:
# "EST" should follow New York's daylight saving time, not stay at UTC-5.
_ALIASES = {
    "est": "America/New_York",
    "edt": "America/New_York",
    "et": "America/New_York",
    "eastern": "America/New_York",
    "cst": "America/Chicago",
    "central": "America/Chicago",
    "mst": "America/Denver",
    "pst": "America/Los_Angeles",
    "pacific": "America/Los_Angeles",
    "ist": "Asia/Kolkata",
    "pkt": "Asia/Karachi",
    "eet": "Africa/Cairo",
    "wat": "Africa/Lagos",
    "uk": "Europe/London",
    "gmt": "UTC",
    "utc": "UTC",
    "ksa": "Asia/Riyadh",
    "saudi": "Asia/Riyadh",
    "uae": "Asia/Dubai",
    "dubai": "Asia/Dubai",
    "brazil": "America/Sao_Paulo",
    "mexico": "America/Mexico_City",
}
# Large cities applicants come from that are not zone names themselves.
_CITIES = {
    **dict.fromkeys(
        ("lahore", "islamabad", "rawalpindi", "peshawar", "faisalabad", "multan", "quetta"),
        "Asia/Karachi",
    ),
    **dict.fromkeys(
        (
            "mumbai",
            "bombay",
            "delhi",
            "new delhi",
            "bangalore",
            "bengaluru",
            "chennai",
            "madras",
            "hyderabad",
            "pune",
            "ahmedabad",
            "lucknow",
            "jaipur",
        ),
        "Asia/Kolkata",
    ),
    **dict.fromkeys(("alexandria", "giza", "mansoura", "assiut"), "Africa/Cairo"),
    **dict.fromkeys(("abuja", "ibadan", "port harcourt", "enugu"), "Africa/Lagos"),
    **dict.fromkeys(("jeddah", "mecca", "makkah", "medina", "dammam"), "Asia/Riyadh"),
    "chittagong": "Asia/Dhaka",
    "cebu": "Asia/Manila",
    "abu dhabi": "Asia/Dubai",
    "sharjah": "Asia/Dubai",
    # US states whose names are also other places' ("New Jersey" is no Jersey).
    **dict.fromkeys(
        (
            "new jersey",
            "new york state",
            "pennsylvania",
            "massachusetts",
            "maryland",
            "florida",
            "ohio",
            "north carolina",
        ),
        "America/New_York",
    ),
    **dict.fromkeys(("texas", "illinois", "minnesota", "iowa", "wisconsin"), "America/Chicago"),
    "california": "America/Los_Angeles",
    "michigan": "America/Detroit",
}
# Everyday names of countries the tz tables write otherwise.
_COUNTRY_WORDS = {
    "usa": "united states",
    "us": "united states",
    "america": "united states",
    "south korea": "korea (south)",
    "england": "britain (uk)",
    "emirates": "united arab emirates",
}
# Offsets off the hour, each kept all year by the zone given (no daylight saving there).
_HALF_HOURS = {
    "+3:30": "Asia/Tehran",
    "+4:30": "Asia/Kabul",
    "+5:30": "Asia/Kolkata",
    "+5:45": "Asia/Kathmandu",
    "+6:30": "Asia/Yangon",
    "+9:30": "Australia/Darwin",
    "-9:30": "Pacific/Marquesas",
}
# Zone-name words that are everyday words too ("the center of town").
_NOT_CITIES = frozenset({"center", "central", "eastern", "pacific", "mountain", "time"})
_REGIONS = frozenset(
    {"Africa", "America", "Asia", "Atlantic", "Australia", "Europe", "Indian", "Pacific"}
)
_OFFSET = re.compile(r"(?:utc|gmt)\s*([+-])\s*(\d{1,2})(?:[:.](\d{2}))?")
_UNKNOWN = (
    'I don\'t know that time zone. Type a city like "Cairo" or "New York", your '
    'country, or a zone like "Asia/Karachi" or "UTC+3".'
)


@lru_cache(maxsize=1)
def _zones() -> dict[str, str]:
    return {z.casefold(): z for z in available_timezones()}


@lru_cache(maxsize=1)
def _countries() -> dict[str, tuple[str, ...]]:
    """Country name (casefolded, also without its bracketed part) → its zones."""
    folder = files("tzdata").joinpath("zoneinfo")
    zones: dict[str, list[str]] = {}
    for line in folder.joinpath("zone.tab").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            code, _coordinates, zone, *_ = line.split("\t")
            zones.setdefault(code, []).append(zone)
    out: dict[str, tuple[str, ...]] = {}
    short: dict[str, set[str]] = {}  # "Korea" from "Korea (North)" and "Korea (South)"
    for line in folder.joinpath("iso3166.tab").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#") and line.split("\t")[0] in zones:
            code, name = line.split("\t")[:2]
            out[name.casefold()] = tuple(zones[code])
            short.setdefault(re.sub(r"\s*\(.*\)", "", name).casefold(), set()).add(code)
    for name, codes in short.items():
        if len(codes) == 1:  # a short name two countries share names neither
            out.setdefault(name, tuple(zones[codes.pop()]))
    return out


@lru_cache(maxsize=1)
def _one_zone_country() -> re.Pattern[str]:
    names = sorted((n for n, z in _countries().items() if len(z) == 1), key=len, reverse=True)
    return re.compile(rf"\b({'|'.join(map(re.escape, names))})\b")


def parse_timezone(text: str, _today: date) -> Parsed:
    """Parse a time zone: "Cairo", "Africa/Cairo", "Ethiopia", "EST", "UTC+3", "UTC+5:30"."""
    t = clean(text)
    t = _COUNTRY_WORDS.get(t, t)
    if t in _ALIASES:
        return Parsed({"timezone": _ALIASES[t]})
    # Countries before zone names: "Egypt" is also an old alias zone; Africa/Cairo reads better.
    country = _countries().get(t)
    if country:
        if len(country) == 1:
            return Parsed({"timezone": country[0]})
        cities = ", ".join(z.rsplit("/", 1)[-1].replace("_", " ") for z in country[:3])
        return fail(f"{text.strip()} has several time zones - type your city, e.g. {cities}.")
    zones = _zones()
    if t in zones:
        return Parsed({"timezone": zones[t]})
    offset = _OFFSET.fullmatch(t)
    if offset:
        return _offset(*offset.groups())
    zone = _city(t)
    if zone is not None:
        return Parsed({"timezone": zone})
    for alias, zone in _ALIASES.items():
        # "utc"/"gmt" inside other words would hide an offset ("utc +5.5") behind UTC.
        if alias not in {"utc", "gmt"} and re.search(rf"\b{re.escape(alias)}\b", t):
            return Parsed({"timezone": zone})
    named = _one_zone_country().search(t)  # "I live in Pakistan", "Egypt time"
    if named:
        return Parsed({"timezone": _countries()[named.group(1)][0]})
    return fail(_UNKNOWN)


@lru_cache(maxsize=1)
def _zone_cities() -> dict[str, str]:
    """ "new york" → America/New_York, for zones under a place's region (not Etc/, US/…)."""
    return {
        re.sub(r"[_-]", " ", z.rsplit("/", 1)[-1]).casefold(): z
        for z in available_timezones()
        if z.split("/", 1)[0] in _REGIONS and "/" in z
    }


def _city(t: str) -> str | None:
    """The zone of a city named alone, first before a comma, or after "in"/"from": "Lahore",
    "Chicago, IL", "I live in Chicago" ("New Jersey" is no Jersey)."""
    places = [t, *t.split(",")[:1], *re.findall(r"\b(?:in|from|near|at|is)\s+([a-z -]+)", t)]
    for place in places:
        words = re.findall(r"[a-z]+", place)
        for size in (4, 3, 2, 1):  # the longest name that starts the place
            name = " ".join(words[:size])
            zone = _CITIES.get(name) or _zone_cities().get(name)
            if len(words) >= size and zone is not None and name not in _NOT_CITIES:
                return zone
    return None


def _offset(sign: str, hours: str, minutes: str | None) -> Parsed:
    if minutes and minutes != "00":
        zone = _HALF_HOURS.get(f"{sign}{int(hours)}:{minutes}")
        if zone is None:
            return fail(
                f"I can't place UTC{sign}{int(hours)}:{minutes} exactly - please type "
                "your city or country instead."
            )
        return Parsed({"timezone": zone})
    if int(hours) == 0:
        return Parsed({"timezone": "UTC"})
    # Etc/GMT zones use POSIX signs: UTC+3 is "Etc/GMT-3".
    zone = f"Etc/GMT{'-' if sign == '+' else '+'}{int(hours)}"
    return Parsed({"timezone": zone}) if zone.casefold() in _zones() else fail(_UNKNOWN)
