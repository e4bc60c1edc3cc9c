"""Walk the web intake through the Flask test client, the way a browser without JavaScript does."""

from __future__ import annotations

import re

QUESTION = re.compile(r'name="question" value="([^"]*)"')
CHOICE = re.compile(r'<button type="submit" name="value" value="([^"]+)"')
PAGE = re.compile(r'<body data-page="([a-z]+)"')


def post(client, url: str, data: dict | None = None, **kwargs):
    """POST a form as a browser does: with the CSRF token the page carried."""
    with client.session_transaction() as session:
        token = session.get("csrf")
    if not token:
        client.get("/", follow_redirects=True)
        with client.session_transaction() as session:
            token = session.get("csrf")
    return client.post(url, data={**(data or {}), "csrf": token}, **kwargs)


def page_of(html: str) -> str:
    m = PAGE.search(html)
    return m.group(1) if m else ""


def walk(client, choose, max_steps: int = 40) -> tuple[str, list[str]]:
    """Answer questions with choose(question_id, choices) until the plan; return (html, path)."""
    response = client.get("/", follow_redirects=True)
    path: list[str] = []
    for _ in range(max_steps):
        html = response.get_data(as_text=True)
        assert response.status_code == 200, html[:500]
        if page_of(html) == "plan":
            return html, path
        qid = QUESTION.search(html).group(1)
        choices = CHOICE.findall(html)
        value = choose(qid, choices)
        path.append(f"{qid}={value}")
        response = post(client, "/antwoord", {"question": qid, "value": value}, follow_redirects=True)
    raise AssertionError(f"no plan after {max_steps} answers: {path}")


def steps_of(html: str) -> list[str]:
    return re.findall(r'class="step" id="stap-\d+" data-topic="([^"]+)"', html)


def unmarked(html: str) -> str:
    """The page without the markup numbers.mark adds (tel: links, <bdi>, isolates): its text as written."""
    html = re.sub(r'<a href="tel:[^"]*" dir="ltr">([^<]*)</a>', r"\1", html)
    html = re.sub(r'<bdi dir="ltr">([^<]*)</bdi>', r"\1", html)
    return html.replace("\u2066", "").replace("\u2069", "")
