"""Quote clusters across outlets: who said it, who ran it first, who changed the words."""

import random

from storyline.model import Article, Quote
from storyline.quotes.link import link_quotes, provenance

MOON = "Moon Jae-in"


def article(aid: str, outlet: str = "Daily", published: str | None = "2021-05-24") -> Article:
    return Article(aid, f"{aid}.html", None, outlet, None, (), published, None, None, "")


def quote(qid: str, text: str, speaker: str | None = MOON, aid: str | None = None) -> Quote:
    return Quote(qid, aid or f"a{qid}", text, "direct", 0, len(text), speaker=speaker)


def clusters_of(*quotes: Quote) -> list[set[str]]:
    articles = {q.article_id: article(q.article_id) for q in quotes}
    return sorted((set(c.quote_ids) for c in link_quotes(quotes, articles)), key=min)


def together(a: str, b: str, speaker_a: str | None = MOON, speaker_b: str | None = MOON) -> bool:
    return len(clusters_of(quote("1", a, speaker_a), quote("2", b, speaker_b))) == 1


def test_contractions_join() -> None:
    assert together(
        "We're not going to walk away from the talks, and the ball's in their court.",
        "We are not going to walk away from the talks and the ball is in their court",
    )


def test_curly_and_straight_marks_join() -> None:
    assert together(
        "We don’t accept it — it’s not over yet", "We don't accept it - it's not over yet"
    )


def test_ellipsis_and_brackets_join() -> None:
    assert together(
        "We will keep talking with [North Korea] ... until there is lasting peace on the peninsula",
        "We will keep talking with them, patiently and openly, until there is lasting peace on the peninsula",
    )


def test_short_excerpt_of_longer_quote_joins() -> None:
    assert together(
        "lasting peace on the peninsula",
        "We will keep talking until there is lasting peace on the peninsula, whatever it takes.",
    )


def test_sentence_split_in_two_joins_the_full_version() -> None:
    full = quote(
        "1", "We will not give up on dialogue. We will keep knocking on the door until it opens."
    )
    first = quote("2", "We will not give up on dialogue")
    second = quote("3", "We will keep knocking on the door until it opens")
    assert clusters_of(full, first, second) == [{"1", "2", "3"}]


def test_light_translation_differences_join() -> None:
    assert together(
        "The two Koreas will work towards the complete denuclearisation of the peninsula together",
        "The two Koreas will work together toward complete denuclearization of the peninsula",
    )


def test_different_utterances_sharing_a_phrase_stay_apart() -> None:
    assert not together(
        "We reaffirm our commitment to the denuclearization of the Korean Peninsula",
        "Sanctions will stay until North Korea takes real steps toward the denuclearization of the Korean Peninsula",
    )


def test_same_words_from_different_speakers_stay_apart() -> None:
    text = "This is a historic day for the people of both countries and for the world"
    assert not together(text, text, "Moon Jae-in", "Donald Trump")


def test_surname_only_and_generic_speakers_may_join() -> None:
    text = "This is a historic day for the people of both countries and for the world"
    assert together(text, text, "Moon Jae-in", "Moon")
    assert together(text, text, "Moon Jae-in", "a spokesman")
    assert together(text, text, "President Moon Jae-in", None)


def test_unknown_speaker_does_not_bridge_two_named_speakers() -> None:
    text = "This is a historic day for the people of both countries and for the world"
    groups = clusters_of(
        quote("1", text, "Moon Jae-in"), quote("2", text, None), quote("3", text, "Donald Trump")
    )
    assert len(groups) == 2


def test_every_quote_of_four_words_is_in_exactly_one_cluster_and_ids_ignore_order() -> None:
    quotes = [
        quote("1", "We will not give up on dialogue"),
        quote("2", "we won't give up on dialogue"),
        quote("3", "Peace is within our reach now", "Kim Jong Un"),
        quote("4", "Thank you", "Kim Jong Un"),
    ]
    articles = {q.article_id: article(q.article_id) for q in quotes}
    first = link_quotes(quotes, articles)
    shuffled = quotes[:]
    random.Random(7).shuffle(shuffled)
    assert link_quotes(shuffled, articles) == first
    members = sorted(qid for c in first for qid in c.quote_ids)
    assert members == ["1", "2", "3"]


def test_cluster_text_is_fullest_and_changed_words_are_altered() -> None:
    quotes = [
        quote("1", "We will keep talking until there is lasting peace on the peninsula", "Moon"),
        quote("2", "lasting peace on the peninsula", MOON),
        quote("3", "We will keep talking until there is real peace on the peninsula", MOON),
        quote("4", "We'll keep talking until there is lasting peace", MOON),
    ]
    (cluster,) = link_quotes(quotes, {q.article_id: article(q.article_id) for q in quotes})
    assert cluster.text == quotes[0].text
    assert cluster.speaker == MOON
    assert cluster.altered_quote_ids == ("3",)


def test_provenance_compares_publication_instants_in_utc() -> None:
    seoul = article("kr", "Yonhap", "2021-05-24T14:47:00+09:00")  # 05:47 UTC
    washington = article("us", "Post", "2021-05-24T08:00:00-04:00")  # 12:00 UTC
    quotes = [
        quote("q1", "We will keep knocking on the door until it opens", aid="us"),
        quote("q2", "We will keep knocking on the door until it opens", aid="kr"),
    ]
    articles = {a.id: a for a in (seoul, washington)}
    (cluster,) = link_quotes(quotes, articles)
    assert cluster.first_outlet == "Yonhap"
    assert cluster.first_published == "2021-05-24T14:47:00+09:00"
    reports = provenance(cluster, {q.id: q for q in quotes}, articles)
    assert [r["outlet"] for r in reports] == ["Yonhap", "Post"]
    assert [r["delay_seconds"] for r in reports] == [0.0, 6 * 3600 + 13 * 60]


def test_bare_date_comes_after_a_timed_report_at_the_same_instant() -> None:
    timed = article("t", "Wire", "2021-05-24T00:00:00+00:00")
    dated = article("d", "Weekly", "2021-05-24")
    quotes = [
        quote("a", "We will keep knocking on the door", aid="d"),
        quote("b", "We will keep knocking on the door", aid="t"),
    ]
    articles = {a.id: a for a in (timed, dated)}
    (cluster,) = link_quotes(quotes, articles)
    assert [r["outlet"] for r in provenance(cluster, {q.id: q for q in quotes}, articles)] == [
        "Wire",
        "Weekly",
    ]


def kinded(qid: str, text: str, kind: str, speaker: str | None = MOON) -> Quote:
    return Quote(qid, f"a{qid}", text, kind, 0, len(text), speaker=speaker)


def test_partial_quote_is_matched_by_the_words_inside_its_marks() -> None:
    direct = quote("1", '"We did not come here to bury the harbour plan," the mayor said.')
    partial = kinded(
        "2", 'the council insisted it had "not come here to bury the harbour plan"', "partial"
    )
    assert clusters_of(direct, partial) == [{"1", "2"}]


def test_attribution_inside_a_split_quote_is_not_matched_as_spoken_words() -> None:
    split = quote(
        "1",
        '"We are ready," said Tomas Lindqvist, the chief negotiator. "Nobody should doubt it."',
    )
    whole = quote("2", "We are ready. Nobody should doubt it.")
    other = quote("3", "Tomas Lindqvist, the chief negotiator, is ready and nobody doubts him")
    assert clusters_of(split, whole, other) == [{"1", "2"}, {"3"}]


def test_cluster_text_is_the_fullest_direct_version_and_paraphrase_is_not_altered() -> None:
    quotes = [
        kinded("1", '"We are waiting to see if they want to engage. The ball is in their court."', "direct"),
        kinded("2", "that the government was waiting to see if they want to engage and that the ball is in their court now", "indirect"),
        kinded("3", '"We are waiting to see if they really want to engage."', "direct"),
    ]  # fmt: skip
    (cluster,) = link_quotes(quotes, {q.article_id: article(q.article_id) for q in quotes})
    assert cluster.text == quotes[0].text
    assert cluster.altered_quote_ids == ("3",)


def test_titles_and_descriptions_before_a_name_do_not_block_a_match() -> None:
    text = "This is a historic day for the people of both valleys and for the world"
    assert together(text, text, "Valdorian Foreign Minister Irena Voss", "Foreign Minister Voss")
    assert together(text, text, "Kestrel Chancellor Anselm Drach", "Anselm Drach")
    assert not together(text, text, "Foreign Minister Irena Voss", "Maria Voss")


def test_unattributed_phrase_two_speakers_used_joins_its_identical_report() -> None:
    quotes = [
        Quote("1", "kp", '"Our nation has never wavered in its pursuit of a lasting settlement of the border dispute, and it will not waver now," Brandt said.', "direct", 0, 1, speaker="Aurel Brandt"),
        Quote("2", "kb", '"We remain committed to a lasting settlement of the border dispute, and nothing that happened here changes that."', "direct", 0, 1, speaker="Lena Korr"),
        Quote("3", "ld", 'Korr said her country remained committed to "a lasting settlement of the border dispute."', "partial", 0, 1, speaker="Lena Korr"),
        Quote("4", "kp", 'remarks by Lena Korr, who said her country remained committed to "a lasting settlement of the border dispute."', "partial", 0, 1, speaker=None),
    ]  # fmt: skip
    articles = {q.article_id: article(q.article_id) for q in quotes}
    groups = sorted((set(c.quote_ids) for c in link_quotes(quotes, articles)), key=min)
    assert groups == [{"1"}, {"2", "3", "4"}]


def test_a_formula_printed_many_times_costs_linear_pairs_and_the_same_clusters() -> None:
    from datasketch import MinHash, MinHashLSH

    from storyline.quotes import link as linking

    rng = random.Random(3)
    speakers = [MOON, "Kim Boo-kyum", None]
    quotes = [
        quote(f"f{i:03d}", "residents had not been consulted about the harbour dredging plan",
              rng.choice(speakers))
        for i in range(150)
    ] + [quote(f"g{i:03d}", "residents had not been consulted about the tram depot budget", None)
         for i in range(30)]  # fmt: skip
    reports = linking._prepare(quotes)
    pairs = linking._lsh_pairs(reports)
    assert len(pairs) < 3 * len(reports)  # all pairs would be over 16,000

    def every_pair(reports):  # the index without twins: what _lsh_pairs found before
        lsh = MinHashLSH(threshold=linking.LSH_THRESHOLD, num_perm=linking.NUM_PERM)
        found = set()
        for i, r in enumerate(reports):
            mh = MinHash.bulk([linking._shingles(r.words)], num_perm=linking.NUM_PERM)[0]
            found.update((j, i) for j in lsh.query(mh))
            lsh.insert(i, mh, check_duplication=False)
        return found

    articles = {q.article_id: article(q.article_id) for q in quotes}
    fast = link_quotes(quotes, articles)
    linking_pairs = linking._lsh_pairs
    try:
        linking._lsh_pairs = every_pair
        slow = link_quotes(quotes, articles)
    finally:
        linking._lsh_pairs = linking_pairs
    assert fast == slow
    assert len({c.id for c in fast}) >= 3  # the two named speakers stay apart
