"""코스 웹사이트(python3 course.py site) 검사: 임시 폴더에 사이트를 만들어(저장소에는 쓰지 않음) 확인합니다.

- 경고 없이 만들어지는가(-W --keep-going -n), 노트북과 풀이마다 쪽이 있고 코스 순서대로 이어지는가
- 모든 내부 링크·그림·스크립트·스타일이 사이트 안의 파일(과 앵커)을 가리키는가, 바깥에서 받아 오는 자원이 없는가
- Colab 버튼이 pyproject.toml의 [tool.course] 설정을 가리키는가, 준비 셀이 쪽에 나오지 않는가
- 한국어 검색: searchindex.js로 '경사'를 찾으면 '경사를'만 있는 쪽도 나오는가(Sphinx 검색과 같은 규칙으로 조회)
- set-repo가 README의 사이트 주소(https://소유자.github.io/이름/)도 바꾸는가
- 접근성(브라우저 없이 HTML로 볼 수 있는 것): 그림마다 그 그림의 "그림 읽기" 줄이 한국어 대체 텍스트인가(빈 alt,
  파일 이름, 경로는 실패), 그림 읽기 줄이 없는 그림은 빌드를 실패시키는가, role="heading"에 수준이 있는가,
  단추 이름이 한국어인가, 코드 색과 Colab 버튼과 초점 테두리의 색 대비가 WCAG AA를 넘는가.
  axe-core 검사와 키보드 시험은 브라우저가 필요하므로 tests/e2e/site_e2e.py(`python3 course.py site --e2e`)에 있습니다.

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
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tools import colab, project
from tools import site as site_tool
from tools.alt_text import LEAD, UnknownTex, bad_alt, tex_to_text

ROOT = project.ROOT
NOTEBOOKS = [project.relpath(path) for path in project.notebook_paths()]
SITE_TOOLS = ("sphinx", "myst_nb", "furo", "sphinx_copybutton")
HANGUL = re.compile(r"[가-힣]+")


class Page(HTMLParser):
    """HTML 한 쪽에서 링크, 그림, 스크립트, id, 본문 글자, Colab 버튼, 이전/다음 링크를 모읍니다."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls, self.ids, self.colab, self.scripts = [], set(), [], []
        self.alts = []  # <img>마다 alt(없으면 None)
        self.role_headings = []  # role="heading"인 요소마다 aria-level(없으면 None)
        self.labels = []  # aria-label 값들
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
        if tag == "img":
            self.alts.append(a.get("alt"))
        if a.get("role") == "heading":
            self.role_headings.append(a.get("aria-level"))
        if a.get("aria-label") is not None:
            self.labels.append(a["aria-label"])
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


def needs_site_tools():
    missing = [name for name in SITE_TOOLS if importlib.util.find_spec(name) is None]
    if missing:
        reason = f"사이트 도구가 설치되어 있지 않습니다({', '.join(missing)}): `python3 course.py site`가 설치합니다"
        pytest.skip(reason)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    needs_site_tools()
    out = tmp_path_factory.mktemp("site") / "html"
    done = subprocess.run(
        [sys.executable, "-m", "tools.site", "--out", out],
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
    github, ref = project.settings()
    for relpath in NOTEBOOKS:
        assert pages[page_of(relpath)].colab == [project.colab_url(github, ref, relpath)], relpath
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


# ------------------------------------------------------------------ 접근성


def figure_lines(relpath):
    """노트북의 그림(이미지 출력)마다, 그 뒤 다음 그림 전까지의 첫 "그림 읽기" 문단(없으면 None). 노트북 순서대로."""
    cells = project.read_notebook(ROOT / relpath)["cells"]
    figures = []  # [그 그림의 그림 읽기 줄 또는 None]
    for cell in cells:
        if cell["cell_type"] == "code":
            for output in cell.get("outputs", []):
                if any(kind.startswith("image/") for kind in output.get("data", {})):
                    figures.append(None)
        elif figures and figures[-1] is None:
            # 그림 읽기 문단: "그림 읽기"로 시작하는 줄부터 빈 줄 전까지(마크다운에서 줄바꿈은 띄어쓰기)
            for paragraph in re.split(r"\n\s*\n", cell["source"]):
                if paragraph.strip().lstrip("*- ").startswith(LEAD):
                    figures[-1] = " ".join(paragraph.split())
                    break
    return figures


def test_every_figure_has_the_korean_alt_text_of_its_reading_line(pages):
    """그림의 alt는 그 그림 아래 "그림 읽기" 줄의 글입니다: 한글 낱말이 같은 순서로 모두 들어 있어야 합니다
    (수식과 굵게·코드 표시는 읽을 글자로 바뀜). 빈 alt, 파일 이름, 경로는 실패입니다."""
    checked = 0
    for name, page in pages.items():
        for alt in page.alts:
            assert not bad_alt(alt), f"{name}: {bad_alt(alt)}"
    for relpath in NOTEBOOKS:
        lines = figure_lines(relpath)
        alts = pages[page_of(relpath)].alts
        assert len(alts) == len(lines), f"{relpath}: 그림 {len(lines)}개, 쪽의 img {len(alts)}개"
        for k, (line, alt) in enumerate(zip(lines, alts, strict=True), start=1):
            assert line, (
                f"{relpath}의 {k}번째 그림 아래에 '**{LEAD}**: …' 줄이 없습니다(노트북을 고칠 사람에게 알리세요)"
            )
            # 머리말 "그림 읽기"를 뺀 한글 낱말. 굵게·코드 표시는 낱말을 가르지 않습니다("**평균**한" → "평균한").
            words = HANGUL.findall(re.sub(r"\*\*|`", "", line))[2:]
            assert HANGUL.findall(alt) == words, f"{relpath}의 {k}번째 그림:\n  alt:  {alt}\n  줄:   {line}"
            assert "$" not in alt and "**" not in alt and "`" not in alt and "\\" not in alt, alt
            checked += 1
    assert checked >= 20, checked


def test_reading_line_math_becomes_words():
    assert tex_to_text(r"W \approx 1.80") == "W ≈ 1.80"
    assert tex_to_text(r"\frac{1}{2} x^2 + \sqrt{W^2 + B^2}") == "1/2 x² + √(W² + B²)"
    assert tex_to_text(r"x_{\text{min}} = W_0,\ 10^{-3}") == "x min = W0, 10⁻³"
    assert tex_to_text(r"\mathrm{MSE}(W) \le \eta \cdot \nabla L") == "MSE(W) ≤ η · ∇ L"
    with pytest.raises(UnknownTex, match=r"\\unknowncommand"):
        tex_to_text(r"\unknowncommand{x}")  # 모르는 명령은 백슬래시를 남기지 않고 알립니다.


@pytest.mark.parametrize(
    "alt, problem",
    [
        (None, "비어"),
        ("", "비어"),
        ("   ", "비어"),
        ("../_images/4bb4cd4ae650.png", "경로"),
        ("figure.svg", "파일 이름"),
        ("C:\\images\\loss", "경로"),
        ("손실 곡선은 골짜기 모양입니다", None),
        ("W/B 두 값이 함께 작아집니다(cm/kg).", None),
    ],
)
def test_bad_alt(alt, problem):
    found = bad_alt(alt)
    assert (found is None) if problem is None else (problem in found), (alt, found)


def write_notebook(path, cells):
    for k, cell in enumerate(cells):
        cell["id"] = f"cell-{k}"
    python = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
    nb = {
        "cells": cells,
        "metadata": {**python, "language_info": {"name": "python"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(nb, ensure_ascii=False), encoding="utf-8")


def figure_cell(number):
    svg = f'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><circle r="{number + 5}"/></svg>'
    output = {"output_type": "display_data", "data": {"image/svg+xml": svg, "text/plain": "<Figure>"}, "metadata": {}}
    return {"cell_type": "code", "source": "# 그림\nshow()", "metadata": {}, "outputs": [output], "execution_count": 1}


def markdown(text):
    return {"cell_type": "markdown", "source": text, "metadata": {}}


def test_figure_without_reading_line_fails_the_build(tmp_path, capfd):
    """작은 가짜 저장소: 그림 읽기 줄이 있는 그림은 그 글이 alt가 되고, 줄이 없는 그림과 글자로 못 바꾸는 수식은
    빌드를 실패시키며 무엇을 고칠지 한국어로 알립니다."""
    needs_site_tools()
    (tmp_path / "README.md").write_text("# 시험 코스\n\n## 코스 구성\n\n시험\n", encoding="utf-8")
    shutil.copy2(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    write_notebook(
        tmp_path / "notebooks" / "00_good.ipynb",
        [
            markdown("# 00 좋은 그림"),
            figure_cell(1),
            markdown("**그림 읽기**: 점 $x^2 \\approx 1$이 `Yp` 위에 있습니다."),
        ],
    )
    write_notebook(tmp_path / "notebooks" / "01_missing.ipynb", [markdown("# 01 설명 없는 그림"), figure_cell(2)])
    write_notebook(
        tmp_path / "notebooks" / "02_tex.ipynb",
        [markdown("# 02 어려운 수식"), figure_cell(3), markdown("**그림 읽기**: 값은 $\\mathbb{R}$에 있습니다.")],
    )
    out = tmp_path / "html"
    code = site_tool.build(out, root=tmp_path)
    log = capfd.readouterr()
    log = log.out + log.err
    assert code != 0, log
    assert "01_missing.ipynb의 그림" in log and f"'**{LEAD}**: …' 줄을 쓰세요" in log, log[-3000:]
    assert "02_tex.ipynb의 그림" in log and "\\mathbb" in log and "TEX_SYMBOLS" in log, log[-3000:]
    assert "00_good" not in log, log[-3000:]  # 좋은 그림은 경고가 없습니다.
    good = parse(out / "notebooks" / "00_good.html")  # --keep-going: 경고가 있어도 쪽은 만들어집니다.
    assert good.alts == ["점 x² ≈ 1이 Yp 위에 있습니다."]


def test_role_headings_have_a_level(pages):
    """목차 캡션(<p role="heading">)에는 aria-level이 있어야 화면 낭독기가 제목 수준을 압니다."""
    total = 0
    for name, page in pages.items():
        assert None not in page.role_headings, f"{name}: aria-level 없는 role=heading {page.role_headings}"
        total += len(page.role_headings)
    assert total >= len(pages), total  # 쪽마다 옆 목차의 캡션이 있습니다.


def test_button_and_link_names_are_korean(site, pages):
    """화면 낭독기가 읽는 이름(aria-label)과 '본문으로 건너뛰기' 링크가 한국어입니다(furo의 영어 글자를 바꿈)."""
    for name, page in pages.items():
        english = [label for label in page.labels if not HANGUL.search(label)]
        assert not english, f"{name}: 한국어가 아닌 이름 {english}"
        html = (site / name).read_text(encoding="utf-8")
        assert "본문으로 건너뛰기" in html and "Skip to content" not in html, name


def hex_rgb(colour):
    colour = colour.lstrip("#")
    colour = "".join(c * 2 for c in colour) if len(colour) == 3 else colour
    return [int(colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]


def contrast(a, b):
    """WCAG 2의 대비(1~21)."""

    def luminance(colour):
        r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in hex_rgb(colour))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_formula():
    assert round(contrast("#000", "#fff"), 1) == 21.0 and contrast("#777", "#777") == 1.0
    assert round(contrast("#767676", "#ffffff"), 2) == 4.54  # WCAG가 예로 드는 AA 경계의 회색


def test_code_colours_have_enough_contrast(site):
    """코드 색(pygments.css): 밝은 테마와 어두운 테마의 모든 토큰 색이 배경과 4.5:1 이상(WCAG 1.4.3 AA)."""
    css = (site / "_static" / "pygments.css").read_text(encoding="utf-8")
    rule = re.compile(r"^(body\[data-theme=\"dark\"\] )?\.highlight(?: (\.[\w-]+))? \{([^}]*)\}", re.M)
    themes = {"light": {}, "dark": {}}
    for dark, token, body in rule.findall(css):
        props = dict(re.findall(r"([\w-]+):\s*(#[0-9A-Fa-f]{3,6})\b", body))
        themes["dark" if dark else "light"][token or "background"] = props
    low = []
    for theme, tokens in themes.items():
        background = tokens["background"]["background"]
        colours = {t: p for t, p in tokens.items() if "color" in p}
        assert len(colours) > 40, (theme, len(colours))  # 토큰 색을 정말 읽었는지
        for token, props in colours.items():
            ratio = contrast(props["color"], props.get("background-color", background))
            if ratio < 4.5:
                low.append(f"{theme} {token} {props['color']} 대비 {ratio:.2f}")
    assert not low, "대비가 모자란 코드 색:\n" + "\n".join(low)
    assert themes["light"]["background"]["background"] != themes["dark"]["background"]["background"]


def css_value(css, selector, prop):
    block = re.search(re.escape(selector) + r"\s*\{([^}]*)\}", css).group(1)
    return re.search(rf"(?:^|;|\s){prop}:\s*(#[0-9a-fA-F]{{3,6}})", block).group(1)


def test_colab_button_and_focus_outline_contrast(site):
    """Colab 버튼 글자(4.5:1 이상)와 키보드 초점 테두리(배경과 3:1 이상, WCAG 1.4.11)의 색 대비."""
    course = (site / "_static" / "course.css").read_text(encoding="utf-8")
    furo = (site / "_static" / "styles" / "furo.css").read_text(encoding="utf-8")
    for selector in ("a.colab-button", "a.colab-button:hover"):
        ratio = contrast(css_value(course, selector, "color"), css_value(course, selector, "background"))
        assert ratio >= 4.5, (selector, ratio)
    backgrounds = {}  # furo의 변수: 처음 것이 밝은 테마, 나머지가 어두운 테마
    for var in ("--color-background-primary", "--color-background-secondary"):
        values = re.findall(rf"{var}:(#[0-9a-fA-F]{{3,6}})", furo)
        backgrounds.setdefault("light", set()).add(values[0])
        backgrounds.setdefault("dark", set()).update(values[1:])
    focus = {
        "light": css_value(course, "body", "--course-focus"),
        "dark": css_value(course, 'body[data-theme="dark"]', "--course-focus"),
    }
    for theme, colour in focus.items():
        for background in backgrounds[theme]:
            assert contrast(colour, background) >= 3, (theme, colour, background)
    assert len(backgrounds["dark"]) >= 2 and focus["light"] != focus["dark"]


def test_site_arguments():
    assert site_tool.parse_args([]).e2e is None
    args = site_tool.parse_args(["--out", "x", "--e2e", "-k", "keyboard", "-x"])
    assert args.out == Path("x") and args.e2e == ["-k", "keyboard", "-x"]
    assert site_tool.parse_args(["build", "--out", "y"]).out == Path("y")  # 예전 호출
    with pytest.raises(SystemExit) as error:
        site_tool.parse_args(["--bogus"])
    assert error.value.code == 2
