"""The security universe: every fictional instrument, issuer and index, with generator hints.

The universe is the same in every variant (hidden variants change values, not names) and the
lite profile is a subset of full with the same ids. Named securities carry the episode's
wrinkles (ZVLT's split, the decayed 3x bear fund, the rename, the ADR, HNX limit-down names);
filler names are drawn from a fixed stream so they never change with the data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from datasets.seeds import UNIVERSE_STREAM, generator

PROFILES = ("lite", "full")

ETP_LAUNCH_HNX = dt.date(2037, 4, 27)
"""HNX's first 2x single-stock funds list on this date."""
IPO_DATE = dt.date(2037, 6, 4)
"""Orbitra Space lists on NXS."""

# Financing rates (annual, ACT/365) used by leveraged funds' daily reset; D14's policy rates
# must agree with these for the period (they are flat through the episode).
FINANCING_RATE = {"USD": 0.0450, "KRW": 0.0300, "JPY": 0.0050, "HKD": 0.0450}


@dataclass(frozen=True)
class Issuer:
    """A company, fund sponsor or index provider."""

    issuer_id: int
    issuer_name: str
    country: str
    issuer_type: str  # CORP | FUND_SPONSOR | INDEX_PROVIDER
    sector: str | None


@dataclass(frozen=True)
class Security:
    """One instrument. Fields up to ``is_synthetic`` are published in D01 ``securities``;
    the rest steer the generators and stay private."""

    security_id: int
    ticker: str
    venue: str
    name: str
    asset_class: str  # EQ | ETP | CEF | PREF | CONV | IDX
    sector: str | None
    ccy: str
    issuer_id: int
    underlying_id: int | None
    leverage: float | None
    adr_ratio: float | None
    lot_size: int
    tick_size: float
    list_date: dt.date
    delist_date: dt.date | None
    is_synthetic: bool
    # private generator hints
    role: str
    lite: bool
    base_price: float
    adv: float  # typical daily volume, shares
    cap_usd_bn: float
    expense_ratio: float | None = None


@dataclass(frozen=True)
class IndexSpec:
    """How an index is computed from its members' stored closes (see ``datasets.indexing``)."""

    security_id: int
    code: str
    venue: str
    weighting: str  # cap | equal | price | custom
    members: tuple[int, ...]
    custom_weights: tuple[float, ...] = ()
    base_level: float = 1000.0


@dataclass(frozen=True)
class Universe:
    """All issuers, securities and indices of one profile."""

    profile: str
    issuers: tuple[Issuer, ...]
    securities: tuple[Security, ...]
    indices: tuple[IndexSpec, ...]
    by_ticker: dict[str, Security] = field(repr=False, compare=False, default_factory=dict)
    by_id: dict[int, Security] = field(repr=False, compare=False, default_factory=dict)

    def sec(self, ticker: str) -> Security:
        """The security whose current ticker is ``ticker``."""
        return self.by_ticker[ticker]


# --------------------------------------------------------------------------------------------
# Named instruments (lite and full). Columns: ticker, venue, name, asset_class, role, sector,
# base_price (local ccy), adv (shares/day), cap (USD bn), lite.
_EARLY = dt.date(2031, 3, 17)

_NAMED_EQ: tuple[tuple[str, str, str, str, str, float, float, float, bool], ...] = (
    # US AI-chip complex
    ("ZVLT", "NXS", "Voltaic Logic Inc.", "chip", "AI Accelerators", 480.0, 4.2e6, 2900.0, True),
    ("ZQRC", "NXS", "Quarcane Semiconductor Corp.", "chip", "AI Accelerators", 142.0, 9.0e6, 310.0, True),
    (
        "ZWFR",
        "NXS",
        "Wavefront Foundry Systems Inc.",
        "chip",
        "Foundry & Equipment",
        218.0,
        3.1e6,
        240.0,
        True,
    ),
    ("ZXPH", "NXS", "Xenphotic Networks Inc.", "chip", "Networking Silicon", 96.0, 6.5e6, 150.0, True),
    ("ZMRY", "NXS", "Memoria Systems Inc.", "memory", "Memory", 88.0, 1.6e7, 120.0, True),
    ("ZJHB", "NXS", "Juhler Bandwidth Memory Corp.", "memory", "Memory", 41.0, 8.0e6, 38.0, True),
    # US other
    ("ZKLC", "NXS", "Keystone Ledger Corp.", "crypto_eq", "Digital Asset Treasury", 310.0, 1.1e7, 70.0, True),
    ("ZQBN", "NXS", "Quillbrook National Financial Corp.", "broad", "Financials", 64.0, 7.0e6, 180.0, True),
    ("ZVHL", "NXS", "Vanholm Health Systems Inc.", "broad", "Health Care", 122.0, 3.0e6, 210.0, True),
    ("ZWRT", "NXS", "Westerley Retail Group Inc.", "broad", "Consumer", 57.0, 5.5e6, 95.0, True),
    ("ZJEN", "NXS", "Jennet Energy Partners Corp.", "broad", "Energy", 38.0, 6.0e6, 60.0, True),
    ("ZXTL", "NXS", "Xentral Telecom Inc.", "broad", "Communication", 29.0, 9.5e6, 55.0, True),
    ("ZQVN", "NXS", "Quavion Industrial Corp.", "broad", "Industrials", 176.0, 1.9e6, 130.0, True),
    ("ZVDC", "NXS", "Veridian Cloud Platforms Inc.", "tech", "Software & Cloud", 232.0, 4.4e6, 400.0, True),
    # ZLDS renames itself ZLAI on 2037-02-17 (securities shows the current ticker)
    ("ZLAI", "NXS", "Zelda Labs AI Inc.", "tech", "Software & Cloud", 44.0, 6.2e6, 24.0, True),
    ("ZORB", "NXS", "Orbitra Space Corp.", "ipo", "Aerospace", 38.0, 2.5e7, 64.0, True),
    # HNX (KRW): the two HNXC heavyweights, two small chip names that hit limit-down
    ("970010", "HNX", "Hanseong Memory Co., Ltd.", "kr_memory", "Memory", 131000.0, 3.2e6, 210.0, True),
    ("970020", "HNX", "Daeyang Electronics Co., Ltd.", "kr_memory", "Memory", 74800.0, 1.4e7, 330.0, True),
    (
        "970310",
        "HNX",
        "Seorim Semitech Co., Ltd.",
        "kr_chip_small",
        "Foundry & Equipment",
        18450.0,
        1.1e6,
        1.6,
        True,
    ),
    (
        "970320",
        "HNX",
        "Mokpo Probe Solutions Co., Ltd.",
        "kr_chip_small",
        "Foundry & Equipment",
        9630.0,
        2.3e6,
        0.9,
        True,
    ),
    (
        "970110",
        "HNX",
        "Hanjin Heavy Shipbuilding Co., Ltd.",
        "kr_other",
        "Industrials",
        212500.0,
        4.0e5,
        14.0,
        False,
    ),
    # KYX (JPY) and VHK (HKD)
    (
        "980010",
        "KYX",
        "Kiyose Precision Instruments K.K.",
        "jp_chip",
        "Foundry & Equipment",
        7420.0,
        2.6e6,
        95.0,
        True,
    ),
    ("980020", "KYX", "Tomari Trading Company K.K.", "jp_other", "Industrials", 3185.0, 3.4e6, 48.0, True),
    (
        "990010",
        "VHK",
        "Lungwah Internet Holdings Ltd.",
        "hk_tech",
        "Software & Cloud",
        86.4,
        1.8e7,
        120.0,
        True,
    ),
    (
        "990020",
        "VHK",
        "Harbourline Telecom Holdings Ltd.",
        "hk_other",
        "Communication",
        42.15,
        7.5e6,
        40.0,
        True,
    ),
)

# ETPs: ticker, venue, name, underlying ticker (or index code), leverage, base_price, adv,
# expense ratio, list_date (None = before 2036), delist_date, lite
_NAMED_ETP: tuple[tuple, ...] = (
    ("ZVLU", "NXS", "Zephyr 2x Daily ZVLT Shares", "ZVLT", 2.0, 36.0, 6.0e6, 0.0095, None, None, True),
    ("ZMRU", "NXS", "Zephyr 2x Daily ZMRY Shares", "ZMRY", 2.0, 22.0, 3.0e6, 0.0095, None, None, False),
    # SOXS-like: loses ~95 % through the rally, reverse split 1:10 on 2037-08-17
    (
        "ZSXD",
        "NXS",
        "Zephyr 3x Daily Semiconductor AI Bear Shares",
        "SACI",
        -3.0,
        14.0,
        9.0e7,
        0.0095,
        None,
        None,
        True,
    ),
    (
        "ZSXU",
        "NXS",
        "Zephyr 3x Daily Semiconductor AI Bull Shares",
        "SACI",
        3.0,
        31.0,
        7.0e7,
        0.0095,
        None,
        None,
        True,
    ),
    ("ZNQU", "NXS", "Zephyr 3x Daily NT100 Bull Shares", "NT100", 3.0, 58.0, 6.0e7, 0.0084, None, None, True),
    ("ZMPU", "NXS", "Halyard 2x M500 Shares", "M500", 2.0, 71.0, 4.0e6, 0.0089, None, None, False),
    (
        "ZKLU",
        "NXS",
        "Halyard 2x Daily ZKLC Shares",
        "ZKLC",
        2.0,
        45.0,
        1.2e7,
        0.0129,
        dt.date(2036, 9, 9),
        None,
        True,
    ),
    # launched the day after the IPO, closed in the aftermath
    (
        "ZORX",
        "NXS",
        "Halyard 2x Daily ZORB Shares",
        "ZORB",
        2.0,
        25.0,
        4.0e6,
        0.0129,
        dt.date(2037, 6, 5),
        dt.date(2037, 9, 14),
        True,
    ),
    # HNX: 2x single-stock funds launched 2037-04-27; a Seoul-listed fund on a US stock
    (
        "975010",
        "HNX",
        "Hanseong Leverage 2x 970010 ETF",
        "970010",
        2.0,
        10000.0,
        9.0e6,
        0.0045,
        ETP_LAUNCH_HNX,
        None,
        True,
    ),
    (
        "975020",
        "HNX",
        "Hanseong Leverage 2x 970020 ETF",
        "970020",
        2.0,
        10000.0,
        1.2e7,
        0.0045,
        ETP_LAUNCH_HNX,
        None,
        False,
    ),
    ("975110", "HNX", "Hanseong 2x ZVLT Overseas ETF", "ZVLT", 2.0, 12000.0, 3.0e6, 0.0060, None, None, True),
    ("975210", "HNX", "Hanseong HNXC 2x ETF", "HNXC", 2.0, 15000.0, 2.0e7, 0.0035, None, None, False),
    (
        "985010",
        "KYX",
        "Kiyose KY225 Double Bull ETF",
        "KY225",
        2.0,
        21500.0,
        6.0e6,
        0.0080,
        None,
        None,
        False,
    ),
    ("995010", "VHK", "Harbour 2x 990010 Daily ETF", "990010", 2.0, 7.85, 2.0e7, 0.0099, None, None, False),
)

# Indices: code, name, venue, weighting, base level
_INDICES = (
    ("M500", "Meridian 500 Index", "NXS", "cap", 5000.0),
    ("NT100", "Nexus Tech 100 Index", "NXS", "cap", 18000.0),
    ("SACI", "Semiconductor & AI Chip Index", "NXS", "equal", 4000.0),
    ("HNXC", "Hanseong Composite Index", "HNX", "custom", 2600.0),
    ("KY225", "Kiyose 225 Average", "KYX", "price", 38000.0),
    ("FVX", "Fear Volatility Index", "NXO", "none", 13.0),
)

# Names that only D08/D12 price: closed-end fund, preferreds, convertibles
_OTHER = (
    ("ZDVX", "NXS", "Deepvale Private Frontier Fund", "CEF", "cef", "Thematic Closed-end", 18.0, 1.5e6),
    (
        "ZKLP",
        "NXS",
        "Keystone Ledger 8.00% Series A Perpetual Preferred",
        "PREF",
        "pref",
        "Digital Asset Treasury",
        100.0,
        2.0e5,
    ),
    (
        "ZKLS",
        "NXS",
        "Keystone Ledger 10.00% Series B Variable-rate Preferred",
        "PREF",
        "pref",
        "Digital Asset Treasury",
        100.0,
        3.0e5,
    ),
    (
        "ZKLV",
        "NXS",
        "Keystone Ledger 0.00% Convertible Notes due 2040",
        "CONV",
        "conv",
        "Digital Asset Treasury",
        100.0,
        5.0e4,
    ),
    (
        "ZKLW",
        "NXS",
        "Keystone Ledger 0.625% Convertible Notes due 2041",
        "CONV",
        "conv",
        "Digital Asset Treasury",
        100.0,
        5.0e4,
    ),
)

RENAMES = (("ZLDS", "ZLAI", dt.date(2037, 2, 17)),)
"""(old ticker, new ticker, effective date)."""

# Filler counts per role (full profile only)
_FILLERS = {
    ("NXS", "chip"): 16,
    ("NXS", "memory"): 3,
    ("NXS", "tech"): 18,
    ("NXS", "broad"): 90,
    ("NXS", "crypto_eq"): 2,
    ("HNX", "kr_chip"): 8,
    ("HNX", "kr_other"): 16,
    ("KYX", "jp_chip"): 6,
    ("KYX", "jp_other"): 16,
    ("VHK", "hk_tech"): 6,
    ("VHK", "hk_other"): 12,
}
_LITE_BROAD = 14  # broad US names in lite (named ones included)
_LITE_KYX = {"jp_chip": 1, "jp_other": 10}
"""Tokyo fillers that join lite: without them lite's KY225 averages two names, two thirds of it one
high-priced chip stock, and swings like that one stock (2.5x over the sample, +13.6 % days)."""
_FILLER_ETPS = 30  # extra US leveraged single-stock funds (full only)
_FILLER_CLOSURES = 4  # of those, closed in the aftermath

_SECTORS_BROAD = (
    "Financials",
    "Health Care",
    "Consumer",
    "Energy",
    "Communication",
    "Industrials",
    "Utilities",
    "Materials",
    "Real Estate",
)
_SECTOR_BY_ROLE = {
    "chip": ("AI Accelerators", "Foundry & Equipment", "Networking Silicon"),
    "memory": ("Memory",),
    "tech": ("Software & Cloud",),
    "crypto_eq": ("Digital Asset Treasury",),
    "kr_chip": ("Foundry & Equipment", "AI Accelerators"),
    "kr_other": _SECTORS_BROAD,
    "jp_chip": ("Foundry & Equipment",),
    "jp_other": _SECTORS_BROAD,
    "hk_tech": ("Software & Cloud",),
    "hk_other": _SECTORS_BROAD,
}
_SUFFIX = {
    "chip": ("Semiconductor Corp.", "Silicon Inc.", "Microsystems Inc.", "Devices Corp."),
    "memory": ("Memory Inc.", "Storage Technologies Corp."),
    "tech": ("Software Inc.", "Cloud Corp.", "Data Systems Inc.", "Networks Inc."),
    "broad": ("Holdings Inc.", "Group Inc.", "Corp.", "Industries Inc.", "Partners Corp."),
    "crypto_eq": ("Digital Holdings Inc.", "Mining Corp."),
}
_SYL_US = (
    "ar",
    "bel",
    "cor",
    "dra",
    "el",
    "fen",
    "gal",
    "hal",
    "ix",
    "jor",
    "kel",
    "lum",
    "mar",
    "nor",
    "ol",
    "pra",
    "quin",
    "ros",
    "sel",
    "tor",
    "ul",
    "ver",
    "wyn",
    "xan",
    "yor",
    "zel",
)
_SYL_KR = (
    "han",
    "dae",
    "seo",
    "mok",
    "jin",
    "sung",
    "kyo",
    "won",
    "bu",
    "gwang",
    "in",
    "cheon",
    "yeon",
    "ho",
    "nam",
    "dong",
    "il",
    "san",
)
_SYL_JP = ("ki", "yo", "se", "to", "ma", "ri", "na", "ka", "wa", "mi", "ha", "ta", "shi", "no", "su", "ku")
_SYL_HK = ("lung", "wah", "tai", "kwong", "fook", "hing", "wing", "shun", "cheung", "po", "kam", "yip")


@cache
def denylist() -> frozenset[str]:
    """Real tickers and codes that fictional securities must not use."""
    text = Path(__file__).with_name("denylist.txt").read_text(encoding="utf-8")
    words = (w for line in text.splitlines() for w in line.split("#", 1)[0].split())
    return frozenset(w.upper() for w in words)


def _tick(venue: str, price: float) -> float:
    from datasets.ticks import tick_size

    return float(tick_size(venue, price))


def _name(rng, syllables: tuple[str, ...], n: int) -> str:
    return "".join(syllables[int(i)] for i in rng.integers(0, len(syllables), n)).capitalize()


@cache
def universe(profile: str) -> Universe:
    """The universe of ``profile`` ('lite' or 'full'); ids are the same in both."""
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}; expected one of {PROFILES}")
    full = _full_universe()
    if profile == "full":
        return full
    keep = {s.security_id for s in full.securities if s.lite}
    secs = tuple(s for s in full.securities if s.security_id in keep)
    issuers_used = {s.issuer_id for s in secs}
    indices = tuple(
        IndexSpec(
            i.security_id,
            i.code,
            i.venue,
            i.weighting,
            tuple(m for m in i.members if m in keep),
            tuple(w for m, w in zip(i.members, i.custom_weights, strict=False) if m in keep),
            i.base_level,
        )
        for i in full.indices
    )
    return _finish("lite", tuple(i for i in full.issuers if i.issuer_id in issuers_used), secs, indices)


def _finish(profile, issuers, secs, indices) -> Universe:
    return Universe(
        profile, issuers, secs, indices, {s.ticker: s for s in secs}, {s.security_id: s for s in secs}
    )


def _full_universe() -> Universe:
    rng = generator(UNIVERSE_STREAM, 0)
    deny = denylist()
    used: set[str] = set()
    issuers: list[Issuer] = []
    secs: list[Security] = []

    def add_issuer(name: str, country: str, kind: str, sector: str | None) -> int:
        issuers.append(Issuer(len(issuers) + 1, name, country, kind, sector))
        return len(issuers)

    country = {"NXS": "US", "NXO": "US", "HNX": "KR", "KYX": "JP", "VHK": "HK"}
    ccy = {"NXS": "USD", "NXO": "USD", "HNX": "KRW", "KYX": "JPY", "VHK": "HKD"}
    lot = {"NXS": 1, "NXO": 1, "HNX": 1, "KYX": 100, "VHK": 100}
    sponsor = {
        "NXS": add_issuer("Zephyr Funds Trust", "US", "FUND_SPONSOR", None),
        "HNX": add_issuer("Hanseong Asset Management Co.", "KR", "FUND_SPONSOR", None),
        "KYX": add_issuer("Kiyose Fund Partners K.K.", "JP", "FUND_SPONSOR", None),
        "VHK": add_issuer("Harbour Leveraged Products Ltd.", "HK", "FUND_SPONSOR", None),
    }
    halyard = add_issuer("Halyard ETF Trust", "US", "FUND_SPONSOR", None)
    index_provider = add_issuer("Meridian Index Services LLC", "US", "INDEX_PROVIDER", None)

    def new_id() -> int:
        return 1001 + len(secs)

    def take_ticker(ticker: str) -> str:
        if ticker in used or ticker.upper() in deny:
            raise ValueError(f"ticker {ticker} is taken or on the denylist")
        used.add(ticker)
        return ticker

    def list_date() -> dt.date:
        return dt.date(2027, 1, 4) + dt.timedelta(days=int(rng.integers(0, 8 * 365)))

    def add_eq(ticker, venue, name, role, sector, price, adv, cap, lite, listed=None):
        issuer = add_issuer(name, country[venue], "CORP", sector)
        secs.append(
            Security(
                new_id(),
                take_ticker(ticker),
                venue,
                name,
                "EQ",
                sector,
                ccy[venue],
                issuer,
                None,
                None,
                None,
                lot[venue],
                _tick(venue, price),
                listed or list_date(),
                None,
                True,
                role,
                lite,
                price,
                adv,
                cap,
            )
        )

    # indices first so ETPs can point at them
    index_ids: dict[str, int] = {}
    for code, name, venue, _w, level in _INDICES:
        index_ids[code] = new_id()
        secs.append(
            Security(
                new_id(),
                take_ticker(code),
                venue,
                name,
                "IDX",
                None,
                ccy[venue],
                index_provider,
                None,
                None,
                None,
                1,
                0.01,
                dt.date(2030, 1, 2),
                None,
                True,
                "index",
                True,
                level,
                0.0,
                0.0,
            )
        )

    for ticker, venue, name, role, sector, price, adv, cap, lite in _NAMED_EQ:
        add_eq(
            ticker,
            venue,
            name,
            role,
            sector,
            price,
            adv,
            cap,
            lite,
            IPO_DATE if role == "ipo" else _EARLY if ticker == "ZVLT" else None,
        )

    # the ADR: 1 ADR = 5 ordinary shares of Hanseong Memory
    local = next(s for s in secs if s.ticker == "970010")
    secs.append(
        Security(
            new_id(),
            take_ticker("ZHSM"),
            "NXS",
            "Hanseong Memory Co., Ltd. ADR (1 ADR = 5 ordinary shares)",
            "EQ",
            "Memory",
            "USD",
            local.issuer_id,
            local.security_id,
            None,
            5.0,
            1,
            0.01,
            dt.date(2033, 5, 2),
            None,
            True,
            "adr",
            True,
            5 * local.base_price / 1380.0,
            1.2e6,
            local.cap_usd_bn,
        )
    )

    # fillers (full only)
    for (venue, role), count in _FILLERS.items():
        for _ in range(count):
            if venue == "NXS":
                sector = str(rng.choice(_SECTOR_BY_ROLE.get(role, _SECTORS_BROAD)))
                stem = _name(rng, _SYL_US, 2)
                name = f"{stem} {rng.choice(_SUFFIX.get(role, _SUFFIX['broad']))}"
                while True:
                    letters = "QXVWJ"[int(rng.integers(5))] + "".join(
                        chr(65 + int(i)) for i in rng.integers(0, 26, 2)
                    )
                    ticker = "Z" + letters
                    if ticker not in used and ticker not in deny:
                        break
                price = float(round(float(rng.lognormal(4.0, 0.7)), 2))
                adv = float(rng.lognormal(14.8, 0.8))
                cap = float(rng.lognormal(3.6, 1.0)) * (2.0 if role in ("chip", "tech") else 1.0)
            else:
                syl, base_code, suffix = {
                    "HNX": (_SYL_KR, 971000, "Co., Ltd."),
                    "KYX": (_SYL_JP, 981000, "K.K."),
                    "VHK": (_SYL_HK, 991000, "Holdings Ltd."),
                }[venue]
                sector = str(rng.choice(_SECTOR_BY_ROLE[role]))
                name = f"{_name(rng, syl, 2)} {sector.split(' ')[0]} {suffix}"
                ticker = str(
                    base_code
                    + 10 * sum(1 for s in secs if s.venue == venue and s.role == role)
                    + (500 if "chip" in role or "tech" in role else 0)
                )
                mu = {"HNX": 10.3, "KYX": 7.8, "VHK": 3.2}[venue]
                price = float(rng.lognormal(mu, 0.8))
                price = round(price / _tick(venue, price)) * _tick(venue, price)
                adv = float(rng.lognormal(14.0, 0.9))
                cap = float(rng.lognormal(2.3, 1.0))
            # a few broad names join lite so its broad index is not half chips, and a few Tokyo names
            # so its KY225 is an average of more than two stocks
            lite = (
                venue == "NXS"
                and role == "broad"
                and sum(1 for s in secs if s.role == "broad" and s.lite) < _LITE_BROAD
            ) or (
                venue == "KYX"
                and sum(1 for s in secs if s.role == role and s.lite and s.ticker.startswith("981"))
                < _LITE_KYX.get(role, 0)
            )
            add_eq(ticker, venue, name, role, sector, price, adv, cap, lite)

    def add_etp(ticker, venue, name, und_ticker, lev, price, adv, er, listed, delisted, lite, issuer=None):
        und = index_ids.get(und_ticker) or next(s.security_id for s in secs if s.ticker == und_ticker)
        secs.append(
            Security(
                new_id(),
                take_ticker(ticker),
                venue,
                name,
                "ETP",
                "Leveraged & Inverse",
                ccy[venue],
                issuer or sponsor[venue],
                und,
                lev,
                None,
                lot[venue],
                _tick(venue, price),
                listed or list_date(),
                delisted,
                True,
                "etp",
                lite,
                price,
                adv,
                0.0,
                er,
            )
        )

    for row in _NAMED_ETP:
        ticker = row[0]
        issuer = halyard if ticker in ("ZMPU", "ZKLU", "ZORX") else None
        add_etp(*row, issuer=issuer)

    # filler single-stock funds on US chip/tech names (full only); a few close in the aftermath
    targets = [s for s in secs if s.venue == "NXS" and s.role in ("chip", "memory", "tech") and not s.lite]
    picks = rng.choice(len(targets), size=_FILLER_ETPS, replace=False)
    closures = set(int(i) for i in rng.choice(_FILLER_ETPS, size=_FILLER_CLOSURES, replace=False))
    for k, idx in enumerate(picks):
        und = targets[int(idx)]
        lev = float(rng.choice([2.0, 2.0, 2.0, 1.5, -1.0, -2.0]))
        word = "Bull" if lev > 0 else "Bear"
        while True:
            ticker = "ZV" + "".join(chr(65 + int(i)) for i in rng.integers(0, 26, 2))
            if ticker not in used and ticker not in deny:
                break
        delist = (dt.date(2037, 8, 3) + dt.timedelta(days=7 * k % 49)) if k in closures else None
        if delist is not None and delist.weekday() >= 5:
            delist += dt.timedelta(days=7 - delist.weekday())
        add_etp(
            ticker,
            "NXS",
            f"Halyard {abs(lev):g}x Daily {und.ticker} {word} Shares",
            und.ticker,
            lev,
            float(round(float(rng.uniform(15, 60)), 2)),
            float(rng.lognormal(13.5, 0.7)),
            0.0115,
            dt.date(2035, 3, 2) + dt.timedelta(days=int(rng.integers(0, 300))),
            delist,
            False,
            halyard,
        )

    cef_sponsor = add_issuer("Deepvale Capital Advisers LLC", "US", "FUND_SPONSOR", None)
    klc = next(s for s in secs if s.ticker == "ZKLC")
    for ticker, venue, name, cls, role, sector, price, adv in _OTHER:
        issuer = cef_sponsor if cls == "CEF" else klc.issuer_id
        secs.append(
            Security(
                new_id(),
                take_ticker(ticker),
                venue,
                name,
                cls,
                sector,
                "USD",
                issuer,
                klc.security_id if cls in ("PREF", "CONV") else None,
                None,
                None,
                1,
                0.01,
                dt.date(2035, 11, 3) if cls != "CEF" else dt.date(2034, 6, 12),
                None,
                True,
                role,
                True,
                price,
                adv,
                0.0,
            )
        )

    nxs_eq = [s for s in secs if s.venue == "NXS" and s.asset_class == "EQ" and s.role not in ("adr", "ipo")]
    chips = [s for s in secs if s.venue == "NXS" and s.role in ("chip", "memory", "adr")]
    tech = [s for s in secs if s.venue == "NXS" and s.role in ("chip", "memory", "tech")]
    hnx = [s for s in secs if s.venue == "HNX" and s.asset_class == "EQ"]
    kyx = [s for s in secs if s.venue == "KYX" and s.asset_class == "EQ"]
    hnx_weights = tuple(
        0.28 if s.ticker == "970010" else 0.25 if s.ticker == "970020" else 0.47 / (len(hnx) - 2) for s in hnx
    )
    members = {"M500": nxs_eq, "NT100": tech, "SACI": chips, "HNXC": hnx, "KY225": kyx, "FVX": []}
    indices = tuple(
        IndexSpec(
            index_ids[code],
            code,
            venue,
            weighting,
            tuple(s.security_id for s in members[code]),
            hnx_weights if code == "HNXC" else (),
            level,
        )
        for code, _n, venue, weighting, level in _INDICES
    )
    return _finish("full", tuple(issuers), tuple(secs), indices)
