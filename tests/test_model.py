from storyline.model import Page, content_hash, stable_id


def test_content_hash_ignores_whitespace_differences():
    assert content_hash("a  b\n c") == content_hash("a b c")
    assert content_hash("a b c") != content_hash("a b d")


def test_stable_id_is_deterministic_and_prefixed():
    assert stable_id("a", "x", "y") == stable_id("a", "x", "y")
    assert stable_id("a", "x", "y").startswith("a-")
    assert stable_id("a", "xy") != stable_id("a", "x", "y")


def test_page_key_prefers_url_then_content():
    with_url = Page(source="f.html", content="<p>x</p>", kind="html", url="https://e.com/a")
    without = Page(source="f.txt", content="x", kind="text")
    assert with_url.key == "https://e.com/a"
    assert without.key == "sha256:" + content_hash("x")
