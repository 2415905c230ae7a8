"""Canonical names, titles and roles: "US Secretary of State Antony Blinken" → name + role."""

from __future__ import annotations

import re

__all__ = [
    "ROLE_NOUNS",
    "clean_name",
    "split_title",
    "role_before",
    "role_after",
    "name_tokens",
    "short_form_of",
    "gender_of_role",
]

# Head nouns of job titles; a role phrase ends with one of them.
ROLE_NOUNS = frozenset(
    """president secretary minister spokesman spokeswoman spokesperson director chairman
    chairwoman chair leader senator representative governor mayor ambassador envoy adviser
    advisor official professor analyst ceo chief head general commander diplomat nominee
    candidate judge justice congressman congresswoman manager strategist economist researcher
    fellow reporter correspondent anchor host founder king queen prince pope premier chancellor
    lawmaker speaker officer aide attorney lawyer prosecutor counsel deputy member executive
    secretary-general administrator coordinator negotiator emissary representative-designate
    pollster scholar expert historian activist campaigner organizer organiser sheriff chef
    economist minister-designate prime""".split()
)
_TITLE_ABBREV = r"(?:Mr|Mrs|Ms|Miss|Dr|Sen|Rep|Gov|Gen|Lt|Col|Capt|Sgt|Prof|Rev|Pres|Sec|Amb|Adm|Maj|Cmdr|Supt|Insp|Det|Fr|Sr|Hon)\.?"
_TITLE_WORDS = (
    r"(?:President|Vice President|Prime Minister|Minister|Secretary|Senator|Governor|"
    r"Representative|Ambassador|Chairman|Chairwoman|Chancellor|Premier|King|Queen|Prince|"
    r"Princess|Pope|Speaker|Judge|Justice|General|Admiral|Colonel|Captain|Director|Chief|"
    r"Leader|Mayor|Professor|Doctor|Lord|Lady|Sir|Dame|Sheikh|Emir|Ayatollah|Cardinal|"
    r"Bishop|Father|Sister|Brother|Officer|Deputy|Commissioner|Envoy|Spokesman|Spokeswoman|"
    r"Chairperson|First Lady|Former|former|then-\w+|Unification|Foreign|Defense|Defence|"
    r"State|Finance|Trade|Health|Interior|Justice|Home|US|U\.S\.|UK|S\.|N\.|South|North|"
    r"Korean|American|British|Chinese|Japanese|Russian|of|the|and|for)"
)
_LEADING_TITLE = re.compile(rf"^(?:(?:{_TITLE_ABBREV}|{_TITLE_WORDS})\s+)+")
_ROLE_TAIL = "|".join(sorted(ROLE_NOUNS, key=len, reverse=True))
_APPOSITION = re.compile(
    r"^\s*(?:\([^)]{1,30}\)\s*)?,\s*(?P<role>(?:the\s+|a\s+|an\s+|former\s+)?"
    r"[^,;:\"“”()]{3,110}?)(?=\s*(?:,|\.|;|\)|$|\s+(?:said|says|told|added)\b))"
)
_JOINERS = frozenset({"of", "the", "for", "on", "to", "de"})
_LOWER_TITLE = ROLE_NOUNS | frozenset(
    """former then acting deputy top senior chief vice new interim department party campaign
    press state foreign defense defence finance trade health presidential vice-presidential
    republican democratic national security white house assistant associate executive
    managing general special prime u.s. us""".split()
)
_FEMALE = re.compile(
    r"\b(?:spokeswoman|congresswoman|chairwoman|queen|princess|lady|mrs|ms|miss|madam|first lady|sister|dame|businesswoman)\b",
    re.I,
)
_MALE = re.compile(
    r"\b(?:spokesman|congressman|chairman|king|prince|mr|sir|lord|brother|father|businessman)\b",
    re.I,
)


def clean_name(text: str) -> str:
    """Return an entity's surface text without a possessive, brackets or stray punctuation."""
    name = re.sub(r"(?:'s|’s|'|’)$", "", text.strip())
    name = re.sub(r"^(?:the|The)\s+", "", name)
    return name.strip(' ,.;:"“”()[]-—–')


def split_title(text: str) -> tuple[str, str]:
    """Return (title, name): "President Joe Biden" → ("President", "Joe Biden")."""
    name = clean_name(text)
    match = _LEADING_TITLE.match(name)
    if not match or match.end() >= len(name):
        return "", name
    return match.group().strip(), name[match.end() :].strip()


def _is_role(phrase: str) -> bool:
    """Return True when a phrase's last word is a job title noun."""
    words = re.findall(r"[\w.-]+", phrase.lower())
    return bool(words) and (
        words[-1].rstrip(".") in ROLE_NOUNS
        or words[-1] in {"rep.", "sen.", "gov."}
        or re.search(r"\b(?:" + _ROLE_TAIL + r")\b(?: of\b.*)?$", phrase.lower()) is not None
    )


def role_before(text: str, start: int) -> str | None:
    """Return the title just before a name at ``start`` ("US Secretary of State"), if any.

    Walks back over capitalised words, "of"/"the"/"for"/"and" and lower-case title words
    ("department spokesman", "former") and keeps the stretch when it ends with a title noun.
    """
    left = text[max(0, start - 90) : start].split("\n")[-1]
    words = re.findall(r"\S+", left)
    if not left.endswith((" ", "\t")) or not words:
        return None
    kept: list[str] = []
    for word in reversed(words):
        bare = word.strip("(),")
        if (
            (word != bare and kept)
            or re.search(r"[:;\"“”]", word)
            or (word.endswith(",") and not kept)
        ):
            break
        if not bare or not (bare[0].isupper() or bare.lower() in _LOWER_TITLE or bare in _JOINERS):
            break
        kept.append(bare)
    while kept and kept[-1] in _JOINERS:
        kept.pop()
    role = " ".join(reversed(kept))
    return role if kept and _is_role(role) else None


def role_after(text: str, end: int) -> str | None:
    """Return an apposition after a name at ``end`` (", director of the X Institute")."""
    match = _APPOSITION.match(text[end : end + 160])
    if not match:
        return None
    role = match.group("role").strip()
    head = re.split(r"\s+(?:of|at|for|in|to|on|with)\s+", role, maxsplit=1)[0]
    if not _is_role(head) or re.match(r"^[A-Z][a-z]+ [A-Z]", role) and not _is_role(role):
        return None
    return re.sub(r"^(?:the|a|an)\s+", "", role)


def name_tokens(name: str) -> list[str]:
    """Return the words of a name, lower-cased, with initials and suffixes dropped."""
    words = re.findall(r"[\w'’-]+", name.lower())
    return [w for w in words if len(w) > 1 and w not in {"jr", "sr", "ii", "iii"}]


def short_form_of(short: str, full: str) -> bool:
    """Return True when ``short`` can name the person called ``full`` ("Blinken", "Moon")."""
    part, whole = name_tokens(short), name_tokens(full)
    if not part or not whole or len(part) >= len(whole):
        return part == whole and bool(part)
    if whole[-len(part) :] == part:
        return True  # surname: "Blinken" of "Antony Blinken"
    # family name first ("Moon" of "Moon Jae-in"): the given name carries a hyphen
    return whole[: len(part)] == part and "-" in whole[-1]


def gender_of_role(text: str) -> str | None:
    """Return "f", "m" or None from the words of a title or its context."""
    if _FEMALE.search(text):
        return "f"
    if _MALE.search(text):
        return "m"
    return None
