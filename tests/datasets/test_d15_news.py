"""D15 announcements and news: the after-close rule on every row, raw local times, misspelled tickers,
the announcement templates, and news that follows the moves."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

import datasets
from datasets.d15_news import TS_STYLE, misspell

from .conftest import connect


def _df(root, variant, sql):
    with connect(root, "lite", "D15", variant) as con:
        return con.execute(sql).df()


def _events_with_local_time(root, variant):
    ev = _df(root, variant, "SELECT e.*, v.tz AS venue_tz, v.close_local FROM reg_events e JOIN venues v USING (venue)")
    ev["local"] = [dt.datetime.strptime(t, TS_STYLE[v]) for t, v in zip(ev["ts_local"], ev["venue"], strict=True)]
    return ev


@pytest.mark.parametrize("variant", datasets.VARIANTS)
def test_ts_local_parses_in_the_venues_style_and_gives_announced(lite_root, variant):
    ev = _events_with_local_time(lite_root, variant)
    assert (ev["tz"] == ev["venue_tz"]).all()
    assert (ev["local"].dt.normalize() == pd.to_datetime(ev["announced"])).all()


@pytest.mark.parametrize("variant", datasets.VARIANTS)
def test_after_close_announcements_take_effect_next_session_on_every_row(lite_root, variant):
    ev = _events_with_local_time(lite_root, variant)
    cal = _df(lite_root, variant, "SELECT venue, cal_date FROM trading_calendar WHERE is_open ORDER BY venue, cal_date")
    open_days = {v: sorted(g["cal_date"].dt.date) for v, g in cal.groupby("venue")}
    for row in ev.itertuples():
        days = open_days[row.venue]
        local = row.local.to_pydatetime()
        if local.date() in days and local.time() < row.close_local:
            expected = local.date()
        else:
            expected = next(d for d in days if d > local.date())
        assert row.effective.date() == expected, row.event_id
    assert (ev["effective"] > ev["announced"]).any()
    assert (ev["effective"] == ev["announced"]).any()


@pytest.mark.parametrize("variant", datasets.VARIANTS)
def test_every_event_type_appears(lite_root, variant):
    types = set(_df(lite_root, variant, "SELECT DISTINCT event_type FROM reg_events")["event_type"])
    assert types == {"CAUTION_ALERT", "MARGIN_CHANGE", "LISTING_HALT", "LEVERAGE_CAP", "CB_TRIGGER"}


@pytest.mark.parametrize("variant", datasets.VARIANTS)
def test_one_cb_trigger_per_circuit_breaker_at_its_time(lite_root, variant):
    with connect(lite_root, "lite", "D14", variant) as con:
        cb = con.execute("SELECT trade_date, trigger_time_local FROM circuit_breakers").df()
    ev = _df(
        lite_root, variant, "SELECT announced AS trade_date, ts_local FROM reg_events WHERE event_type = 'CB_TRIGGER'"
    )
    df = cb.merge(ev, on="trade_date", how="outer")
    assert len(cb) > 0
    assert len(df) == len(cb) == len(ev)
    assert df.notna().all().all()
    assert (df["ts_local"].str[-5:] == df["trigger_time_local"].astype(str).str[:5]).all()


@pytest.mark.parametrize("variant", datasets.VARIANTS)
def test_leverage_cap_names_every_fund_above_2x_on_its_venue(lite_root, variant):
    caps = _df(lite_root, variant, "SELECT event_id, venue FROM reg_events WHERE event_type = 'LEVERAGE_CAP'")
    links = _df(lite_root, variant, "SELECT event_id, security_id FROM event_securities")
    funds = _df(
        lite_root, variant, "SELECT venue, security_id FROM securities WHERE asset_class = 'ETP' AND ABS(leverage) > 2"
    )
    assert len(caps) == 2
    for event_id, venue in zip(caps["event_id"], caps["venue"], strict=True):
        named = sorted(links.loc[links["event_id"] == event_id, "security_id"])
        assert named == sorted(funds.loc[funds["venue"] == venue, "security_id"])
    assert links["event_id"].isin(caps["event_id"]).any()


@pytest.mark.parametrize("variant", datasets.VARIANTS)
def test_written_tickers_appear_in_the_text_and_some_are_misspelled(lite_root, variant):
    df = _df(
        lite_root,
        variant,
        """
        SELECT es.ticker_in_text, s.ticker, e.text FROM event_securities es
        JOIN reg_events e USING (event_id) JOIN securities s USING (security_id)""",
    )
    assert all(w in t for w, t in zip(df["ticker_in_text"], df["text"], strict=True))
    assert (df["ticker_in_text"] != df["ticker"]).any()
    real = set(_df(lite_root, variant, "SELECT ticker FROM securities")["ticker"])
    wrong = df.loc[df["ticker_in_text"] != df["ticker"], "ticker_in_text"]
    assert not set(wrong) & real


def test_misspelling_never_returns_the_ticker_or_another_one():
    rng = np.random.default_rng(0)
    for _ in range(200):
        w = misspell("ZVLT", rng, {"ZVLT", "ZVTL"})
        assert w not in {"ZVLT", "ZVTL"}


@pytest.mark.parametrize("variant", datasets.VARIANTS)
def test_news_headline_names_its_ticker_up_to_misspelling(lite_root, variant):
    df = _df(lite_root, variant, "SELECT headline, tickers_mentioned FROM news")
    exact = [t in h for h, t in zip(df["headline"], df["tickers_mentioned"], strict=True)]
    assert 0.7 < np.mean(exact) < 0.95
    real = set(_df(lite_root, variant, "SELECT ticker FROM securities")["ticker"])
    assert set(df["tickers_mentioned"]) <= real


@pytest.mark.parametrize("variant", datasets.VARIANTS)
def test_news_sentiment_turns_negative_in_the_sell_off(lite_root, variant):
    df = _df(lite_root, variant, "SELECT ts_utc AS ts, sentiment FROM news")
    sell = df[(df["ts"] >= "2037-06-12") & (df["ts"] < "2037-06-23")]["sentiment"]
    calm = df[df["ts"] < "2036-10-01"]["sentiment"]
    assert sell.mean() < -0.2 < calm.mean()
    assert len(sell) / 7 > 2 * len(calm) / 188


@pytest.mark.parametrize("variant", datasets.VARIANTS)
def test_event_securities_keys_join_without_orphans(lite_root, variant):
    df = _df(
        lite_root,
        variant,
        """
        SELECT
          (SELECT COUNT(*) FROM event_securities WHERE event_id NOT IN (SELECT event_id FROM reg_events)) AS bad_event,
          (SELECT COUNT(*) FROM event_securities WHERE security_id NOT IN (SELECT security_id FROM securities))
            AS bad_security,
          (SELECT COUNT(*) FROM event_securities es JOIN reg_events e USING (event_id)
           JOIN securities s USING (security_id) WHERE s.venue <> e.venue) AS other_venue""",
    )
    assert df.iloc[0].tolist() == [0, 0, 0]
