"""The page's catalogue, looked up once a request instead of once a string.

A plan page says about 190 strings in its templates and as many again in counter facts;
Flask-Babel finds the catalogue anew for each (context, locale, cache), which cost a
quarter of the page's CPU. Keyed on the request's language, so a page that changes it
(a plan link in another language) gets the new catalogue. Inside `force_locale` use
Flask-Babel's own gettext: this follows the request's language only.
"""

from __future__ import annotations

from flask import g
from flask_babel import get_translations
from jinja2 import pass_context
from markupsafe import Markup


def catalogue():
    store = g._get_current_object()  # once through the context-local proxy, not four times
    lang = getattr(store, "lang", None)
    found = getattr(store, "_catalogue", None)
    if found is None or found[0] != lang:
        found = store._catalogue = (lang, get_translations())
    return found[1]


def gettext(string: str, **variables) -> str:
    """Flask-Babel's gettext, with the catalogue found once a request."""
    text = catalogue().ugettext(string)
    return text % variables if variables else text


# (catalogue, text) -> its translation, escaped; with no variables, already formatted.
# Templates say only literal texts (a few hundred per language), so this stays small.
_TRANSLATED: dict[tuple[object, str, bool], Markup] = {}


@pass_context
def _template_gettext(__context, __string: str, **variables):
    """Jinja's new-style gettext in one call instead of three: escaped like the page, then
    formatted. A page says about fifty of these; each cost 3.8 µs before it was kept."""
    found = catalogue()
    if not __context.eval_ctx.autoescape:
        return found.ugettext(__string) % variables
    key = (found, __string, bool(variables))
    text = _TRANSLATED.get(key)
    if text is None:
        text = Markup(found.ugettext(__string))
        if not variables:
            text = text % {}  # "%%" becomes "%", as with variables
        if len(_TRANSLATED) > 20_000:  # only if catalogues were ever made anew
            _TRANSLATED.clear()
        _TRANSLATED[key] = text
    return text % variables if variables else text


def install(app) -> None:
    """Templates use it too (the i18n extension Flask-Babel set up)."""
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: catalogue().ugettext(s),
        ngettext=lambda s, p, n: catalogue().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: catalogue().upgettext(c, s),
        npgettext=lambda c, s, p, n: catalogue().unpgettext(c, s, p, n),
    )
    app.jinja_env.globals.update(_=_template_gettext, gettext=_template_gettext)
