"""코스 웹사이트(python3 course.py site) 검사: 임시 폴더에 사이트를 만들어(저장소에는 쓰지 않음) 확인합니다.

- 경고 없이 만들어지는가(-W --keep-going -n), 노트북과 풀이마다 쪽이 있고 코스 순서대로 이어지는가
- 모든 내부 링크·그림·스크립트·스타일이 사이트 안의 파일(과 앵커)을 가리키는가, 바깥에서 받아 오는 자원이 없는가
- Colab 버튼이 pyproject.toml의 [tool.course] 설정을 가리키는가, 준비 셀이 쪽에 나오지 않는가
- 한국어 검색: searchindex.js로 '경사'를 찾으면 '경사를'만 있는 쪽도 나오는가(Sphinx 검색과 같은 규칙으로 조회)
- set-repo가 README의 사이트 주소(https://소유자.github.io/이름/)도 바꾸는가

사이트 도구(requirements-site.txt)가 설치되어 있지 않으면 건너뜁니다. `python3 course.py site`가 설치하며,
.ci/run은 테스트 전에 그것을 실행합니다.
"""

import importlib.util
import json
import posixpath
import re
import shutil
import subprocess
import sys
import tomllib
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tools import colab  # noqa: E402

NOTEBOOKS = [
    p.relative_to(ROOT).as_posix() for d in ("notebooks", "solutions") for p in sorted((ROOT / d).glob("*.ipynb"))
]
SITE_TOOLS = ("sphinx", "myst_nb", "furo", "sphinx_copybutton")
HANGUL = re.compile(r"[가-힣]+")


class Page(HTMLParser):
    """HTML 한 쪽에서 링크, 그림, 스크립트, id, 본문 글자, Colab 버튼, 이전/다음 링크를 모읍니다."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls, self.ids, self.colab, self.scripts = [], set(), [], []
        self.nav = {}
        self.text = []  # 본문(<article>) 안의 글자만: 옆 목차의 제목들은 그 쪽의 내용이 아닙니다.
        self.code = []  # <pre> 블록(코드 셀과 출력)의 글자
        self._skip = self._article = self._pre = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "name" in a:
            self.ids.add(a["name"])
        for name in ("href", "src"):
            if a.get(name) is not None and tag in ("a", "img", "link", "script", "source", "iframe"):
                self.urls.append((tag, a[name]))
        if tag == "script" and a.get("src"):
            self.scripts.append(a["src"])
        classes = (a.get("class") or "").split()
        if tag == "a" and "colab-button" in classes:
            self.colab.append(a.get("href"))
        if tag == "a" and ("next-page" in classes or "prev-page" in classes):
            self.nav[classes[0] if classes[0] in ("next-page", "prev-page") else "next-page"] = a.get("href")
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "article":
            self._article += 1
        if tag == "pre":
            self._pre += 1
            self.code.append("")

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1
        if tag == "article" and self._article:
            self._article -= 1
        if tag == "pre" and self._pre:
            self._pre -= 1

    def handle_data(self, data):
        if self._article and not self._skip:
            self.text.append(data)
        if self._pre:
            self.code[-1] += data


def parse(path):
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.text = " ".join(page.text)
    return page


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    missing = [name for name in SITE_TOOLS if importlib.util.find_spec(name) is None]
    if missing:
        reason = f"사이트 도구가 설치되어 있지 않습니다({', '.join(missing)}): `python3 course.py site`가 설치합니다"
        pytest.skip(reason)
    out = tmp_path_factory.mktemp("site") / "html"
    done = subprocess.run(
        [sys.executable, ROOT / "tools" / "site.py", "build", "--out", out],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, f"사이트를 만들지 못했습니다:\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}"
    assert "WARNING" not in done.stderr and "경고" not in done.stderr, done.stderr[-4000:]
    return out


@pytest.fixture(scope="module")
def pages(site):
    return {p.relative_to(site).as_posix(): parse(p) for p in site.rglob("*.html")}


def page_of(relpath):
    return str(Path(relpath).with_suffix(".html").as_posix())


def title_of(relpath):
    nb = json.loads((ROOT / relpath).read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        for line in "".join(cell["source"]).split("\n"):
            if cell["cell_type"] == "markdown" and line.startswith("# "):
                return line[2:].strip()
    return None


def test_every_notebook_and_solution_has_a_page(pages):
    assert len(NOTEBOOKS) >= 24
    for relpath in NOTEBOOKS:
        assert page_of(relpath) in pages, f"{relpath}의 쪽이 없습니다"
        title = title_of(relpath)
        assert title and title in pages[page_of(relpath)].text, f"{relpath}: 제목 {title!r}이 쪽에 없습니다"
    home = pages["index.html"]
    assert "코스 구성" in home.text and "contributing.html" in {u for _, u in home.urls}
    for relpath in NOTEBOOKS:  # 첫 화면(README의 코스 표와 풀이 목록)에서 모든 쪽으로 갈 수 있습니다.
        assert any(u.split("#")[0] == page_of(relpath) for _, u in home.urls), f"첫 화면에 {relpath} 링크가 없습니다"
    glossary = (ROOT / "GLOSSARY.md").is_file()
    assert ("glossary.html" in pages) == glossary


def test_pages_follow_course_order(pages):
    order = ["index.html", *map(page_of, NOTEBOOKS)]
    for before, after in zip(order, order[1:], strict=False):
        nxt = pages[before].nav.get("next-page")
        target = nxt and posixpath.normpath(posixpath.join(posixpath.dirname(before), nxt))
        assert target == after, f"{before}의 다음 쪽이 {after}가 아닙니다: {nxt}"


def test_internal_links_and_images_resolve(site, pages):
    checked, broken = 0, []
    for name, page in pages.items():
        for tag, url in page.urls:
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or url.startswith("mailto:"):
                continue
            target = (site / name).parent / unquote(parts.path) if parts.path else site / name
            if target.is_dir():
                target = target / "index.html"
            checked += 1
            if not target.resolve().is_file():
                broken.append(f"{name}: <{tag}> {url} → 없는 파일")
            elif parts.fragment and target.suffix == ".html":
                ids = pages[target.resolve().relative_to(site.resolve()).as_posix()].ids
                if unquote(parts.fragment) not in ids:
                    broken.append(f"{name}: <{tag}> {url} → 없는 앵커")
    assert checked > 500, checked
    assert not broken, "\n".join(broken[:30])


def test_no_external_assets(pages):
    """수식(MathJax)과 스타일·스크립트를 모두 사이트 안에서 불러옵니다(인터넷 없이도 그대로 보임)."""
    for name, page in pages.items():
        external = [u for tag, u in page.urls if tag in ("script", "link", "img") and urlsplit(u).netloc]
        assert not external, f"{name}: 바깥 자원 {external}"
    math_page = pages["notebooks/00_gradient_descent.html"]
    assert any(s.endswith("_static/mathjax/tex-chtml.js") for s in math_page.scripts), math_page.scripts


def test_graphs_and_figures_are_on_the_pages(site, pages):
    for relpath in NOTEBOOKS:
        nb = json.loads((ROOT / relpath).read_text(encoding="utf-8"))
        outputs = [o.get("data", {}) for c in nb["cells"] if c["cell_type"] == "code" for o in c.get("outputs", [])]
        svgs = sum("image/svg+xml" in d for d in outputs)
        pngs = sum("image/png" in d and "image/svg+xml" not in d for d in outputs)
        images = [u for tag, u in pages[page_of(relpath)].urls if tag == "img"]
        assert sum(u.endswith(".svg") for u in images) >= svgs, f"{relpath}: 계산 그래프(SVG) {svgs}개가 다 없습니다"
        assert sum(u.endswith(".png") for u in images) >= pngs, f"{relpath}: 그림(PNG) {pngs}개가 다 없습니다"
    assert any(u.endswith(".svg") for t, u in pages["notebooks/02_prediction.html"].urls if t == "img")
    assert any(u.endswith(".png") for t, u in pages["notebooks/06_evaluation.html"].urls if t == "img")


def test_colab_button_points_at_configured_repository(pages):
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["course"]
    for relpath in NOTEBOOKS:
        want = f"https://colab.research.google.com/github/{config['github']}/blob/{config['ref']}/{relpath}"
        assert pages[page_of(relpath)].colab == [want], relpath
    assert not pages["index.html"].colab


def test_setup_cell_is_not_shown(pages):
    for relpath in NOTEBOOKS:
        source = (ROOT / relpath).read_text(encoding="utf-8")
        assert "코스 준비" in source  # 노트북에는 준비 셀이 있지만
        page = pages[page_of(relpath)]
        assert len(page.code) >= 3, f"{relpath}: 코드 셀이 쪽에 없습니다"
        for block in page.code:  # 쪽의 코드 블록에는 없습니다(설명 글에서 '코스 준비'를 말하는 것은 괜찮음).
            assert "코스 준비" not in block, f"{relpath}: 준비 셀이 쪽에 보입니다:\n{block[:300]}"
        for needle in ("COURSE_REPO_URL", "install_missing", "course_files"):
            assert needle not in page.text, f"{relpath}: 준비 셀의 {needle!r}이 쪽에 보입니다"


def search(index, query):
    """Sphinx searchtools.js의 규칙대로 찾습니다: 질의를 낱말로 나누고(\\w+), 소문자로, 낱말마다 본문 또는 제목
    색인에 있어야 합니다(모든 낱말을 만족하는 쪽만). 한글은 어간 추출이 바꾸지 않으므로 그대로 맞춥니다."""
    found = None
    for word in re.findall(r"\w+", query.lower()):
        docs = set()
        for table in (index["terms"], index["titleterms"]):
            hit = table.get(word, [])
            docs |= {hit} if isinstance(hit, int) else set(hit)
        found = docs if found is None else found & docs
    return {index["docnames"][i] for i in found or ()}


@pytest.fixture(scope="module")
def search_index(site):
    text = (site / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1 : text.rindex(")")])


def words_by_doc(pages):
    """쪽마다 본문의 한글 낱말(조사가 붙은 그대로)."""
    docs = {}
    for name, page in pages.items():
        if name.endswith(".html") and name not in ("search.html", "genindex.html"):
            main = page.text
            docs[name[: -len(".html")]] = set(HANGUL.findall(main))
    return docs


def test_korean_search_finds_word_stems(search_index, pages):
    words = words_by_doc(pages)
    # '경사'로 찾으면 '경사를', '경사의' 같은 모양만 있는 쪽도 나와야 합니다.
    with_suffix = {d for d, ws in words.items() if any(w.startswith("경사") and w != "경사" for w in ws)}
    found = search(search_index, "경사")
    assert with_suffix and with_suffix <= found, with_suffix - found
    assert "notebooks/04_gradient_step" in found
    assert found <= {d for d, ws in words.items() if any("경사" in w for w in ws)}
    # 여러 낱말: 모든 낱말이 있는 쪽만
    assert "notebooks/00_gradient_descent" in search(search_index, "경사 하강법")
    assert "notebooks/10_learning_rate" in search(search_index, "학습률")
    assert not search(search_index, "뷁뚫쀍")  # 없는 낱말은 아무 쪽도 찾지 않습니다.


def test_korean_search_matches_words_never_written_alone(search_index, pages):
    """색인에 통째로 없는 어간: 사이트 어디에도 따로 쓰이지 않고 조사·어미와 붙어서만 나오는 두 글자를 골라 찾습니다."""
    words = words_by_doc(pages)
    alone = set().union(*words.values())
    stems = {}
    for doc, ws in words.items():
        for w in ws:
            if len(w) >= 3 and w[:2] not in alone:
                stems.setdefault(w[:2], set()).add(doc)
    assert len(stems) > 50, "조사와 붙어서만 나오는 어간이 너무 적습니다"
    missing = {stem: docs - search(search_index, stem) for stem, docs in sorted(stems.items())[:200]}
    missing = {k: v for k, v in missing.items() if v}
    assert not missing, list(missing.items())[:5]


def test_set_repo_updates_site_link(tmp_path):
    for name in ("README.md", "pyproject.toml"):
        shutil.copy2(ROOT / name, tmp_path / name)
    readme = (tmp_path / "README.md").read_text(encoding="utf-8")
    github, _ = colab.settings(tmp_path)
    assert colab.site_url(github) in readme, "README에 사이트 주소가 없습니다"
    assert not [p for p in colab.check(tmp_path) if "github.io" in p]
    colab.set_repo(tmp_path, "someone/my-course")
    text = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert "https://someone.github.io/my-course/" in text
    assert colab.site_url(github) not in text
    assert not [p for p in colab.check(tmp_path) if "github.io" in p]
    # 손으로 고친 엉뚱한 사이트 주소는 검사가 잡아냅니다.
    (tmp_path / "README.md").write_text(text + "\nhttps://other.github.io/elsewhere/\n", encoding="utf-8")
    assert [p for p in colab.check(tmp_path) if "github.io" in p]


def test_setup_cell_detection():
    """준비 셀을 알아보는 규칙: 표시('코스 준비'), Colab 양식(#@title, cellView), 접어 둔 셀, 태그."""
    from tools import project
    from tools import site as site_tool

    def code(source, **metadata):
        return {"cell_type": "code", "source": source, "metadata": metadata, "outputs": []}

    assert site_tool.is_setup_cell(code(project.SETUP_MARKER + "\nimport os"))
    assert site_tool.is_setup_cell(code(["#@title 코스 준비 { display-mode: \"form\" }\n", "import os\n"]))
    assert site_tool.is_setup_cell(code("import os", cellView="form", jupyter={"source_hidden": True}))
    assert site_tool.is_setup_cell(code("import os", tags=["remove-cell"]))
    assert not site_tool.is_setup_cell(code("# 예측 계산\nYp = pred(X)"))
    assert not site_tool.is_setup_cell({"cell_type": "markdown", "source": "첫 코드 셀(코스 준비)은 …", "metadata": {}})
