"""Write a corpus of hostile inputs, and of good synthetic news pages, for the fault tests.

``build(folder)`` writes every kind of bad input storyline must survive and returns what
should become of each source: ``"stored"`` (an article is kept) or ``"rejected"`` (a reject
names it). Sources are paths relative to ``folder``; a WARC or JSONL record is ``file#N``.
``good_pages(folder, count)`` writes well-formed articles with quotes and dates.

Every sentence here is invented for these tests. Nothing binary is committed: the PNG,
JPEG, PDF, gzip and WARC bytes are all made here.
"""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

__all__ = ["BIG_BYTES", "KOREAN", "JAPANESE", "FRENCH", "build", "good_pages", "article_html"]

BIG_BYTES = 200_000_000
STORED, REJECTED = "stored", "rejected"

FIRST = ["Ines", "Tomas", "Marta", "Kofi", "Lena", "Ravi", "Olga", "Bruno", "Yuki", "Amara"]
LAST = ["Varga", "Holm", "Quiroga", "Mensah", "Sorvik", "Kapoor", "Belova", "Tavares", "Mori",
        "Okafor"]  # fmt: skip
TOWNS = ["Port Amsel", "Valdo City", "Northbridge", "Kestrel Bay", "Harlow Cross", "Esterby"]
TOPICS = [
    ("the harbour bridge", "rebuild the harbour bridge before winter"),
    ("the water plant", "publish every test result from the water plant"),
    ("the rail line", "finish the coastal rail line on budget"),
    ("the school budget", "keep every village school open next year"),
    ("the ferry strike", "end the ferry strike by the weekend"),
    ("the flood defences", "raise the flood defences along the river"),
]
MONTHS = ["March", "April", "May", "June", "July", "August"]
OUTLETS = ["Kestrel Post", "Harbour Times", "Valdo Ledger", "Northbridge Herald"]

# Synthetic sentences in the languages of the legacy encodings under test.
KOREAN = "시장은 월요일에 새 다리를 짓겠다고 말했다. 주민들은 그 계획을 환영했다고 전했다."
JAPANESE = "市長は月曜日に新しい橋を建設すると述べた。住民はその計画を歓迎したという。"
FRENCH = "Le maire a déclaré lundi que le pont sera reconstruit avant l'été, à coût égal."


def article_html(index: int, *, seed: int = 0) -> str:
    """Return one well-formed synthetic news article as HTML, distinct for each index."""
    rng = random.Random(seed * 100_003 + index)
    speaker = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    other = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    town, (topic, promise) = rng.choice(TOWNS), rng.choice(TOPICS)
    month, day = rng.choice(MONTHS), rng.randint(1, 28)
    outlet = rng.choice(OUTLETS)
    title = f"{speaker} vows to {promise} (report {index})"
    paragraphs = [
        f"{town} - {speaker}, the mayor of {town}, said on Monday that the council would "
        f"{promise}, after a long dispute over {topic} that began on {month} {day}, 2024.",
        f'"We have waited long enough, and story number {index} shows it. We will {promise},"'
        f" {speaker} told reporters at the town hall.",
        f'Critics were not convinced. "It is a promise we have heard {index % 7 + 2} times '
        f'before," said {other}, who leads the opposition group on the council.',
        f"The council is expected to vote on the plan on {month} {day + 1}, officials said, "
        f"and the first contracts could be signed within {index % 5 + 2} weeks.",
    ]
    body = "".join(f"<p>{p}</p>\n" for p in paragraphs)
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">\n'
        f"<title>{title} | {outlet}</title>\n"
        f'<meta property="og:site_name" content="{outlet}">\n'
        f'<meta property="article:published_time" content="2024-{MONTHS.index(month) + 3:02d}'
        f'-{day:02d}T09:30:00+00:00">\n</head><body>\n'
        '<nav><a href="/">Home</a> <a href="/news">News</a></nav>\n'
        f"<article><h1>{title}</h1>\n{body}</article>\n"
        f"<footer>&copy; 2024 {outlet}</footer>\n</body></html>\n"
    )


def good_pages(folder: Path, count: int, *, seed: int = 0, prefix: str = "good") -> list[str]:
    """Write ``count`` good HTML articles under folder; return their names relative to it."""
    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for index in range(count):
        name = f"{prefix}_{index:03d}.html"
        (folder / name).write_text(article_html(index, seed=seed), encoding="utf-8")
        names.append(name)
    return names


def _prose(words: int, seed: int) -> str:
    """Return plain English-looking sentences of about ``words`` words, on one line."""
    rng = random.Random(seed)
    out: list[str] = []
    while len(out) < words:
        town, (topic, _) = rng.choice(TOWNS), rng.choice(TOPICS)
        out += f"The council in {town} met again to talk about {topic} and the cost of it.".split()
    return " ".join(out[:words])


def _page(title: str, paragraphs: list[str], head: str = "") -> str:
    body = "".join(f"<p>{p}</p>\n" for p in paragraphs)
    return f"<html><head>{head}<title>{title}</title></head><body><article><h1>{title}</h1>\n{body}</article></body></html>\n"  # noqa: E501


def _binary(folder: Path, expected: dict[str, str], big: bool) -> None:
    """Write empty, binary and oversized files: all rejected."""
    rng = random.Random(7)
    files = {
        "empty.html": b"",
        "blank.txt": b"   \n\n\t  \n",
        "png_header.html": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + rng.randbytes(4000),
        "jpeg_header.htm": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + rng.randbytes(4000),
        "report.pdf.txt": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
        + rng.randbytes(3000),
        "random_blob.html": rng.randbytes(20_000),
        "nul_heavy.txt": b"\x00" * 5000 + b"text after nothing " * 10,
        "script_only.html": b"<html><body><script>var a = 1;</script><nav><a href='/'>Home</a>"
        b"</nav></body></html>",
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
        expected[name] = REJECTED
    with open(folder / "huge.txt", "wb") as fh:  # never read: its size alone rejects it
        fh.write(b"A huge page of text.\n" * 10)
        if big:
            line = (_prose(2_000, 3) + "\n").encode()
            while fh.tell() < BIG_BYTES:
                fh.write(line)
        else:
            fh.truncate(BIG_BYTES)  # sparse: 200 MB on paper, nothing on disk
    expected["huge.txt"] = REJECTED
    spaces = gzip.compress(b" text " * 4_000_000, compresslevel=9)  # 24 MB inflated
    (folder / "bomb.html.gz").write_bytes(spaces)
    expected["bomb.html.gz"] = REJECTED
    whole = gzip.compress(article_html(900).encode())
    (folder / "cut_short.html.gz").write_bytes(whole[: len(whole) // 2])
    expected["cut_short.html.gz"] = REJECTED


def _markup(folder: Path, expected: dict[str, str]) -> None:
    """Write deeply nested, truncated and link-flooded HTML."""
    story = article_html(901)
    deep = "<div>" * 10_000 + story.split("<article>")[1].split("</article>")[0] + "</div>" * 10_000
    (folder / "deep_nesting.html").write_text(
        f"<html><head><title>Deep</title></head><body>{deep}</body></html>", encoding="utf-8"
    )
    # libxml2 stops at 256 levels, so the text inside is never reached: a one-line reject.
    expected["deep_nesting.html"] = REJECTED
    (folder / "truncated.html").write_text(story[: int(len(story) * 0.8)], encoding="utf-8")
    expected["truncated.html"] = STORED
    links = "".join(f'<li><a href="/n/{i}">Item {i}</a></li>' for i in range(100_000))
    paragraphs = [_prose(60, 11), f'"We need more links," said Ines Varga. {_prose(40, 12)}.']
    flood = _page("Links everywhere", paragraphs).replace("<body>", f"<body><ul>{links}</ul>")
    (folder / "many_links.html").write_text(flood, encoding="utf-8")
    expected["many_links.html"] = STORED
    (folder / "only_links.html").write_text(
        f"<html><body><ul>{links[:200_000]}</ul></body></html>", encoding="utf-8"
    )
    expected["only_links.html"] = REJECTED


def _encodings(folder: Path, expected: dict[str, str]) -> None:
    """Write pages in legacy encodings with no declared charset, mojibake and NUL bytes."""
    english = _prose(30, 21)
    pages = {
        "korean_euc_kr.html": (KOREAN, "euc_kr"),
        "korean_cp949.txt": (KOREAN, "cp949"),
        "japanese_shift_jis.html": (JAPANESE, "shift_jis"),
        "french_cp1252.txt": (FRENCH, "cp1252"),
    }
    for name, (sentence, codec) in pages.items():
        paragraphs = [f"{sentence} {sentence}", sentence * 3, f"{sentence} {english}"]
        if name.endswith(".txt"):
            text = "\n\n".join(["Headline", *paragraphs])
        else:
            text = _page("Headline", paragraphs)
        (folder / name).write_bytes(text.encode(codec))
        expected[name] = STORED
    quoted = f'"{FRENCH}," said Marta Quiroga. {english}. Café prices rose in Montréal.'
    broken = _page("Mojibake", [quoted, english]).encode("utf-8").decode("cp1252", "replace")
    (folder / "mojibake.html").write_text(broken, encoding="utf-8")
    expected["mojibake.html"] = STORED
    with_nuls = f"Headline\n\n{english}.\x00 {english}.\n\n\x00{english}\x00.\n"
    (folder / "nul_bytes.txt").write_text(with_nuls, encoding="utf-8")
    expected["nul_bytes.txt"] = STORED


def _warc_record(url: str, html: str) -> bytes:
    body = html.encode()
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + body
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Date: 2024-05-02T10:00:00Z\r\n"
        f"WARC-Target-URI: {url}\r\nWARC-Record-ID: <urn:uuid:{abs(hash(url)):032d}>\r\n"
        f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n"
    )
    return head.encode() + http + b"\r\n\r\n"


def _archives(folder: Path, expected: dict[str, str]) -> None:
    """Write a WARC with a corrupt record in the middle, a cut gzip and bad JSONL lines."""
    records = [_warc_record(f"http://news.example/w{i}", article_html(910 + i)) for i in range(3)]
    middle = bytearray(records[1])
    middle[: len(b"WARC/1.0")] = b"WXRC/9.9"  # the header line no longer parses
    middle[200:260] = bytes(random.Random(5).randbytes(60))
    (folder / "crawl.warc").write_bytes(records[0] + bytes(middle) + records[2])
    expected.update({"crawl.warc#1": STORED, "crawl.warc#2": REJECTED, "crawl.warc#3": STORED})
    others = [_warc_record(f"http://news.example/g{i}", article_html(915 + i)) for i in range(3)]
    members = [gzip.compress(r) for r in others]
    cut = members[1][: len(members[1]) // 2]
    (folder / "crawl_gz.warc.gz").write_bytes(members[0] + cut + members[2])
    expected.update({"crawl_gz.warc.gz#1": STORED, "crawl_gz.warc.gz#2": REJECTED,
                     "crawl_gz.warc.gz#3": STORED})  # fmt: skip
    lines = [
        json.dumps({"url": "http://feed.example/1", "html": article_html(920)}).encode(),
        b'{"url": "http://feed.example/2", "html": "<p>cut off',
        b"[1, 2, 3]",
        json.dumps({"url": "http://feed.example/4", "html": 5}).encode(),
        b"",
        json.dumps({"url": "http://feed.example/6", "text": "\ud800 " + _prose(80, 31)}).encode(),
        b'{"text": "\xff\xfe not UTF-8"}',
        json.dumps({"url": "http://feed.example/8", "html": article_html(921)}).encode(),
    ]
    (folder / "feed.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    for n, outcome in enumerate("SRRR-SRS", start=1):
        if outcome != "-":
            expected[f"feed.jsonl#{n}"] = STORED if outcome == "S" else REJECTED
    good = b"".join(json.dumps({"html": article_html(930 + i)}).encode() + b"\n" for i in range(3))
    packed = gzip.compress(good)
    (folder / "feed_cut.jsonl.gz").write_bytes(packed[: len(packed) - 40])
    expected.update({f"feed_cut.jsonl.gz#{n}": STORED for n in (1, 2)})
    expected["feed_cut.jsonl.gz#3"] = REJECTED


def _text_shapes(folder: Path, expected: dict[str, str]) -> None:
    """Write one 1 MB line, quotes that never close, 10,000 quote marks, impossible dates."""
    line = _prose(180_000, 41)[:1_000_000]
    (folder / "one_line.txt").write_text(line, encoding="utf-8")
    expected["one_line.txt"] = REJECTED  # over extract.MAX_BODY_CHARS: bounded time and memory
    unclosed = [
        f'"We will never give up on {topic}, said Kofi Mensah at the meeting in {town}.'
        for town, (topic, _) in zip(TOWNS, TOPICS, strict=True)
    ]
    (folder / "unclosed_quotes.html").write_text(_page("Unclosed", unclosed), encoding="utf-8")
    expected["unclosed_quotes.html"] = STORED
    marks = " ".join(f'"word{i}"' if i % 3 else '"' for i in range(6_667))
    (folder / "many_quotes.txt").write_text(
        f'Quotes\n\n{_prose(40, 51)}.\n\n{marks}\n\n"Enough," said Lena Sorvik.\n',
        encoding="utf-8",
    )
    expected["many_quotes.txt"] = STORED
    dates = [
        "The vote was held on February 30, 2023, said Ravi Kapoor, and again on April 31.",
        "Officials said the plant closed on 2021-13-45 and reopened on Feb. 29, 2023.",
        "The report, dated 31/02/2022, was published on June 31 and withdrawn on Sept. 0.",
        f"{_prose(30, 61)} It was due by the 99th of March, the mayor said on Monday.",
    ]
    (folder / "impossible_dates.html").write_text(_page("Dates", dates), encoding="utf-8")
    expected["impossible_dates.html"] = STORED


def build(folder: Path, big: bool = False) -> dict[str, str]:
    """Write the hostile corpus under folder; return each source's expected outcome.

    With ``big`` the 200 MB page is real text; without, it is a sparse file of that size, so
    the size check is exercised for free. Either way it must be rejected without being read.
    """
    folder.mkdir(parents=True, exist_ok=True)
    expected: dict[str, str] = {}
    for write in (_binary, _markup, _encodings, _archives, _text_shapes):
        if write is _binary:
            _binary(folder, expected, big)
        else:
            write(folder, expected)  # type: ignore[operator]
    return expected
