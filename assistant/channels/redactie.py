"""Read-only editors' pages: /redactie/<gemeente>. Told to search engines: do not index."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, current_app

from .. import redactie as report_page
from ..knowledge import provenance

redactie = Blueprint("redactie", __name__)


@redactie.get("/redactie/<slug>")
def municipality(slug: str):
    kb = current_app.extensions["catalogue"].get().kb
    muni = kb.municipalities.get(slug)
    if muni is None:
        abort(404)
    today = dt.date.today()
    rows = provenance.report(kb.municipalities, today, slug)
    html = report_page.page(muni.name, rows, today)
    return html, 200, {"Content-Type": "text/html; charset=utf-8", "X-Robots-Tag": "noindex, nofollow"}
