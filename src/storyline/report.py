"""Markdown and self-contained HTML reports of a story or a person, for e-mail or a wiki."""

from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Iterable

from .errors import StorylineError
from .model import Article, Event, Quote, QuoteCluster, Story
from .store import Store

__all__ = ["render_report", "story_markdown", "person_markdown"]


def _md(text: str | None) -> str:
    """Return scraped text made inert for Markdown: no HTML, links or emphasis from the page."""
    if not text:
        return ""
    escaped = html.escape(" ".join(text.split()), quote=False)
    for char in "\\`*_[]#|<>":
        escaped = escaped.replace(char, "\\" + char)
    return escaped


def _when(value: str | None) -> str:
    return value.replace("T", " ") if value else "undated"


class _Corpus:
    """The store's records indexed for report building."""

    def __init__(self, store: Store) -> None:
        self.articles: dict[str, Article] = {a.id: a for a in store.articles()}
        self.quotes: dict[str, Quote] = {q.id: q for q in store.quotes()}
        self.clusters: list[QuoteCluster] = list(store.clusters())
        self.stories: list[Story] = list(store.stories())
        self.events: list[Event] = list(store.events())
        self.entities = list(store.entities())


def _timeline(events: Iterable[Event]) -> list[str]:
    lines = []
    for event in sorted(events, key=lambda e: (e.date, e.start)):
        mark = " (planned)" if event.planned else ""
        span = f"{event.date} – {event.end_date}" if event.end_date else event.date
        lines.append(f"- **{span}**{mark}: {_md(event.text)}")
    return lines


def _cluster_lines(corpus: _Corpus, clusters: Iterable[QuoteCluster]) -> list[str]:
    lines = []
    for cluster in clusters:
        members = [corpus.quotes[q] for q in cluster.quote_ids if q in corpus.quotes]
        outlets = sorted(
            {
                corpus.articles[q.article_id].outlet or "?"
                for q in members
                if q.article_id in corpus.articles
            }
        )
        lines.append(f"> “{_md(cluster.text)}”  ")
        lines.append(
            f"> — {_md(cluster.speaker) or 'unattributed'}; first reported by "
            f"{_md(cluster.first_outlet) or '?'} at {_when(cluster.first_published)}"
            f"; carried by {len(outlets)} outlet(s): {_md(', '.join(outlets))}"
            + (
                f"; altered in {len(cluster.altered_quote_ids)} report(s)"
                if cluster.altered_quote_ids
                else ""
            )
        )
        lines.append("")
    return lines


def _is_direct(corpus: _Corpus, cluster: QuoteCluster) -> bool:
    return any(corpus.quotes[q].kind != "indirect" for q in cluster.quote_ids if q in corpus.quotes)


def story_markdown(corpus: _Corpus, story: Story) -> str:
    """Return one story as Markdown: span, sources, timeline and key quotes with provenance."""
    ids = set(story.article_ids)
    articles = sorted(
        (corpus.articles[a] for a in ids if a in corpus.articles), key=lambda a: a.published or ""
    )
    clusters = [c for c in corpus.clusters if c.first_article_id in ids and c.speaker]
    # Key quotes: the words most outlets carried, direct words before paraphrase.
    clusters.sort(key=lambda c: (-len(c.quote_ids), not _is_direct(corpus, c), c.id))
    lines = [
        f"## {_md(story.title) or story.id}",
        "",
        f"{_when(story.first_published)} → {_when(story.last_published)} · "
        f"{len(articles)} article(s) · story `{story.id}`",
        "",
        "### Timeline",
        "",
    ]
    lines += _timeline(e for e in corpus.events if e.article_id in ids) or ["- no dated events"]
    lines += ["", "### Key quotes", ""]
    lines += _cluster_lines(corpus, clusters[:10]) or ["no quotes", ""]
    lines += ["### Sources", ""]
    for article in articles:
        by = ", ".join(article.authors)
        lines.append(
            f"- {_when(article.published)} · **{_md(article.outlet) or '?'}** · "
            f"{_md(article.title)}" + (f" · {_md(by)}" if by else "")
        )
    return "\n".join(lines) + "\n"


def person_markdown(corpus: _Corpus, person: str) -> str:
    """Return a person's roles, aliases and statements in the order they were spoken."""
    entity = next((e for e in corpus.entities if person in (e.id, e.name)), None)
    if entity is None:
        raise StorylineError(f"no person named {person!r} in the store; see entities.jsonl")
    quotes = [q for q in corpus.quotes.values() if q.speaker_id == entity.id]

    def spoken(q: Quote) -> str:
        return q.said_on or (corpus.articles[q.article_id].published or "")

    lines = [f"## {_md(entity.name)}", ""]
    if entity.roles:
        lines.append("Roles: " + _md("; ".join(entity.roles)))
    if entity.aliases:
        lines.append("Also called: " + _md("; ".join(entity.aliases)))
    lines += ["", "### Statements", ""]
    outlets: dict[str, int] = defaultdict(int)
    for quote in sorted(quotes, key=spoken):
        article = corpus.articles.get(quote.article_id)
        outlet = article.outlet if article else None
        outlets[outlet or "?"] += 1
        venue = f" ({_md(quote.venue)})" if quote.venue else ""
        lines.append(f"- {_when(spoken(quote))}{venue}: “{_md(quote.text)}” — {_md(outlet)}")
    lines += [
        "",
        "Quoted most by: "
        + ", ".join(f"{_md(o)} ({n})" for o, n in sorted(outlets.items(), key=lambda x: -x[1])[:5]),
    ]
    return "\n".join(lines) + "\n"


def _html_page(markdown: str, title: str) -> str:
    body = []
    for line in markdown.splitlines():
        text = line.replace("\\", "")
        if line.startswith("## "):
            body.append(f"<h2>{text[3:]}</h2>")
        elif line.startswith("### "):
            body.append(f"<h3>{text[4:]}</h3>")
        elif line.startswith("- "):
            body.append(f"<li>{text[2:]}</li>")
        elif line.startswith("> "):
            body.append(f"<blockquote>{text[2:]}</blockquote>")
        elif line.strip():
            body.append(f"<p>{text}</p>")
    content = "\n".join(body).replace("**", "")
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
        f"<title>{html.escape(title)}</title><style>body{{font:16px/1.5 system-ui;"
        "max-width:52rem;margin:2rem auto;padding:0 1rem}blockquote{border-left:3px solid #999;"
        "margin:.5rem 0;padding-left:1rem}</style></head><body>"
        f"{content}</body></html>\n"
    )


def render_report(
    store: Store, story_id: str | None = None, person: str | None = None, fmt: str = "md"
) -> str:
    """Return a report of one story, one person, or every story (newest first)."""
    corpus = _Corpus(store)
    if person:
        markdown = person_markdown(corpus, person)
    else:
        stories = [s for s in corpus.stories if story_id in (None, s.id)]
        if story_id and not stories:
            raise StorylineError(f"no story {story_id!r} in the store; see stories.jsonl")
        stories.sort(key=lambda s: s.last_published or "", reverse=True)
        parts = [f"# storyline report: {len(stories)} stories, {len(corpus.articles)} articles", ""]
        markdown = "\n".join(parts) + "\n" + "\n".join(story_markdown(corpus, s) for s in stories)
    return _html_page(markdown, "storyline report") if fmt == "html" else markdown
