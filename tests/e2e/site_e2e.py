"""코스 웹사이트 브라우저 시험: `python3 course.py site --e2e`로 실행합니다(기본 테스트 실행에는 들어가지 않음).

만든 사이트(COURSE_SITE_DIR, 기본 build/site)를 127.0.0.1의 빈 포트에서 http.server로 열고, 헤드리스
Chromium(시스템 패키지, Playwright로 조종)으로
  1. 첫 화면: 한글 제목과 코스 표, 한글이 글꼴로 그려지는지,
  2. 02 예측 계산: 계산 그래프(SVG)가 그려졌는지, 수식(MathJax)이 조판됐는지, Colab 버튼, 코드 복사 버튼,
     이전/다음 쪽 링크, 준비 셀이 보이지 않는지,
  3. 06 결과 평가: matplotlib 그림(PNG)이 그려졌는지,
  4. 검색창에 '경사'를 넣으면 '경사를'만 있는 쪽까지 결과에 나오는지,
  5. 접근성: 모든 쪽에 axe-core(tools/browser.py가 고정한 버전)의 WCAG 2 A/AA 위반이 하나도 없는지(밝은 테마와
     어두운 테마, 휴대폰 폭), 그림마다 한국어 대체 텍스트가 있고 화면 낭독기에 그 이름으로 나오는지,
  6. 키보드: "본문으로 건너뛰기" 링크, 모든 초점이 눈에 보이는지, 넘치는 코드 블록을 화살표로 스크롤하는지,
     마우스 없이 검색하고 결과로 가는지를 키를 눌러 확인합니다.
검사기가 정말 위반을 잡는지는 일부러 망가뜨린 쪽으로 확인합니다(test_checks_catch_a_broken_page).
모든 요청이 사이트 안(127.0.0.1)에서 성공해야 합니다(인터넷 없이 열림). 화면 사진은 artifacts/screenshots/에 남습니다.
"""

import functools
import os
import re
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from browser_tools import axe_source, axe_violations, hangul_glyphs_js
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tools import project
from tools.alt_text import bad_alt

ROOT = project.ROOT
SITE = Path(os.environ.get("COURSE_SITE_DIR", ROOT / "build" / "site"))
SHOTS = ROOT / "artifacts" / "screenshots"
HANGUL = re.compile(r"[가-힣]")
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
SEARCH_QUERY = "경사"

HANGUL_GLYPHS_JS = hangul_glyphs_js("article")

IMAGES_JS = """() => [...document.querySelectorAll('article img')].map(img => ({
  src: img.getAttribute('src'), alt: img.getAttribute('alt'), loaded: img.complete && img.naturalWidth > 0,
  width: img.naturalWidth}))"""

# 쪽이 다 그려질 때까지: 불러오기, 수식 조판(MathJax), 그림, 검색 결과(검색 쪽), course.js의 준비 표시, 두 프레임.
READY_JS = """async () => {
  if (document.readyState !== 'complete') await new Promise(r => addEventListener('load', r, {once: true}));
  const mathjax = window.MathJax && window.MathJax.startup && window.MathJax.startup.promise;
  if (mathjax) await mathjax;
  await Promise.all([...document.images].filter(i => !i.complete)
    .map(i => new Promise(r => { i.addEventListener('load', r); i.addEventListener('error', r); })));
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  return document.documentElement.getAttribute('data-course-a11y') === 'ready';
}"""
SEARCH_DONE_JS = """() => { const s = document.querySelector('#search-results p.search-summary');
  return !!s && s.innerText.trim().length > 0; }"""

# 초점을 받은 요소가 눈에 보이는지: 초점 테두리(2px 이상, 요소나 그것을 감싼 두 단계 안의 칸), 불투명, 화면 안.
FOCUS_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return {done: true};
  let opacity = 1, outlined = false, depth = 0;
  for (let n = el; n && n !== document.documentElement; n = n.parentElement, depth++) {
    const s = getComputedStyle(n);
    opacity *= parseFloat(s.opacity);
    if (s.visibility !== 'visible') opacity = 0;
    if (depth <= 2 && s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) outlined = true;
  }
  const r = el.getBoundingClientRect();
  const inView = r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 &&
                 r.top < innerHeight && r.left < innerWidth;
  return {done: false, visible: outlined && opacity > 0.99 && inView, outlined, opacity, inView,
          tag: el.tagName.toLowerCase(), classes: typeof el.className === 'string' ? el.className : '',
          scroll: el.hasAttribute('data-course-scroll'), inArticle: !!el.closest('article'),
          name: (el.getAttribute('aria-label') || el.innerText || el.value || '').trim().slice(0, 40),
          href: el.getAttribute('href')};
}"""


def site_pages():
    """사이트의 모든 HTML 쪽(사이트 안의 경로). 검색 쪽은 결과가 있는 상태로 검사합니다."""
    pages = sorted(p.relative_to(SITE).as_posix() for p in SITE.rglob("*.html") if "_static" not in p.parts)
    return [f"search.html?q={quote(SEARCH_QUERY)}" if p == "search.html" else p for p in pages]


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - 부모 클래스의 서명
        pass


@pytest.fixture(scope="module")
def server():
    if not (SITE / "index.html").is_file():
        pytest.fail(f"사이트가 없습니다({SITE}). `python3 course.py site --e2e`로 실행하세요(먼저 만듭니다).")
    handler = functools.partial(QuietHandler, directory=str(SITE))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)  # 빈 포트
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def axe():
    return axe_source()


def watch(tab, server):
    """실패한 요청, 사이트 밖으로 나간 요청, 자바스크립트 오류를 모을 목록."""
    problems = []
    host = urlsplit(server).netloc

    def on_request(request):
        if urlsplit(request.url).netloc not in (host, "") and not request.url.startswith("data:"):
            problems.append(f"사이트 밖 요청: {request.url}")

    tab.on("request", on_request)
    tab.on("requestfailed", lambda r: problems.append(f"실패한 요청: {r.url} {r.failure}"))
    tab.on("response", lambda r: r.status >= 400 and problems.append(f"HTTP {r.status}: {r.url}"))
    tab.on("pageerror", lambda e: problems.append(f"자바스크립트 오류: {e}"))
    return problems


# 키보드 시험은 "움직임 줄이기"(course.css가 부드러운 스크롤과 미끄러짐을 끔)로 엽니다: Tab으로 옮긴 초점이
# 애니메이션 없이 바로 화면에 들어오므로, 기다리는 시간이 결과를 바꾸지 않습니다.
CALM = {"locale": "ko-KR", "reduced_motion": "reduce"}


@pytest.fixture
def page(browser, server):
    """새 탭. 실패한 요청과 사이트 밖으로 나간 요청을 모아, 테스트가 끝날 때 하나도 없어야 합니다."""
    context = browser.new_context(viewport=DESKTOP, **CALM)
    tab = context.new_page()
    problems = watch(tab, server)
    yield tab
    context.close()
    assert not problems, "\n".join(problems)


def open_page(tab, url):
    tab.goto(url)
    assert tab.evaluate(READY_JS), f"{url}: course.js가 실행되지 않았습니다(_static/course.js)"
    if "search.html?q=" in url:
        tab.wait_for_function(SEARCH_DONE_JS, timeout=30_000)


def shot(tab, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / name
    tab.screenshot(path=str(path), full_page=True)
    return path


def test_home_page(page, server):
    open_page(page, f"{server}/index.html")
    h1 = page.locator("article h1").first.inner_text()
    assert "처음 시작하는 머신러닝" in h1
    assert page.locator("html").get_attribute("lang") == "ko"
    links = page.locator("article table a[href^='notebooks/']")
    assert links.count() == len(project.lesson_paths())
    assert "02 예측 계산" in page.locator("article table").first.inner_text()
    assert page.evaluate(HANGUL_GLYPHS_JS), "한글이 글꼴 없이 빈 네모(□)로 그려집니다"
    shot(page, "site_home.png")
    links.nth(2).click()  # 코스 표의 '02 예측 계산'
    page.wait_for_url(re.compile(r"notebooks/02_prediction\.html$"))


def test_prediction_page_graph_math_colab(page, server):
    relpath = "notebooks/02_prediction.ipynb"
    open_page(page, f"{server}/notebooks/02_prediction.html")
    assert page.locator("article h1").first.inner_text().strip("#¶ \n") == project.title(ROOT / relpath)
    images = page.evaluate(IMAGES_JS)
    svgs = [i for i in images if i["src"].endswith(".svg")]
    assert svgs and all(i["loaded"] and i["width"] > 50 for i in svgs), images  # 계산 그래프
    # 수식: MathJax(사이트 안의 _static/mathjax)가 $…$를 조판합니다.
    assert page.locator("mjx-container").count() > 0
    assert "\\times" not in page.locator("article").inner_text()
    github, ref = project.settings()
    button = page.locator("a.colab-button")
    assert button.count() == 1 and button.is_visible()
    assert button.get_attribute("href") == project.colab_url(github, ref, relpath)
    text = page.locator("article").inner_text()
    assert "코스 준비" not in text and "COURSE_REPO_URL" not in text  # 준비 셀은 보이지 않습니다.
    copy = page.locator("button.copybtn")
    assert copy.count() >= 3  # 코드 셀마다 복사 버튼, 이름은 한국어(화면 낭독기가 읽음)
    assert copy.first.get_attribute("aria-label") == "코드를 클립보드에 복사"
    assert page.locator("a.prev-page").get_attribute("href") == "01_preprocessing.html"
    assert page.locator("a.next-page").get_attribute("href") == "03_loss.html"
    assert page.evaluate(HANGUL_GLYPHS_JS), "한글이 글꼴 없이 빈 네모(□)로 그려집니다"
    shot(page, "site_02_prediction.png")


def test_evaluation_page_figures(page, server):
    open_page(page, f"{server}/notebooks/06_evaluation.html")
    images = page.evaluate(IMAGES_JS)
    pngs = [i for i in images if i["src"].endswith(".png")]
    assert len(pngs) >= 2 and all(i["loaded"] and i["width"] > 200 for i in pngs), images  # 학습 곡선, 회귀 직선
    shot(page, "site_06_evaluation.png")


def search_hrefs(tab):
    hrefs = tab.eval_on_selector_all("#search-results ul.search li a", "els => els.map(a => a.getAttribute('href'))")
    return {h.split("?")[0].split("#")[0] for h in hrefs}


def test_korean_search(page, server):
    open_page(page, f"{server}/index.html")
    box = page.locator("input[name='q']").first
    box.fill(SEARCH_QUERY)
    box.press("Enter")
    page.wait_for_url(re.compile(r"search\.html\?q="))
    page.wait_for_function(SEARCH_DONE_JS, timeout=30_000)  # 검색이 끝나면 요약 문장이 붙습니다.
    found = search_hrefs(page)
    assert "notebooks/04_gradient_step.html" in found, found
    assert "notebooks/00_gradient_descent.html" in found, found
    assert len(found) >= 10, found
    # 검색이 끝났다는 요약(쪽 수)은 한국어이고, 화면 낭독기가 알리는 상태(role=status) 영역입니다.
    summary = page.locator("#search-results p.search-summary")
    assert summary.get_attribute("role") == "status"
    assert summary.inner_text().strip() == f"검색을 마쳤습니다. 검색어가 든 쪽을 {len(found)}개 찾았습니다.", summary
    shot(page, "site_search.png")
    # 없는 낱말은 아무것도 찾지 않습니다(검사가 무엇이든 통과시키지 않는지).
    page.goto(f"{server}/search.html?q=뷁뚫쀍")
    page.wait_for_function(SEARCH_DONE_JS, timeout=30_000)
    assert page.locator("#search-results ul.search li").count() == 0


# ------------------------------------------------------------------ 접근성: 대체 텍스트


def test_figures_have_korean_alt_text_that_screen_readers_read(page, server):
    """그림마다 그 그림의 "그림 읽기" 줄이 대체 텍스트이고, 접근성 트리에 그 이름의 그림(img)으로 나옵니다."""
    figures = 0
    for name in site_pages():
        if not name.endswith(".html") or "<img" not in (SITE / name).read_text(encoding="utf-8"):
            continue
        open_page(page, f"{server}/{name}")
        for image in page.evaluate("() => [...document.querySelectorAll('img')].map(i => i.getAttribute('alt'))"):
            figures += 1
            assert not bad_alt(image), f"{name}: {bad_alt(image)}"
            assert HANGUL.search(image), f"{name}: 대체 텍스트가 한국어가 아닙니다: {image!r}"
    assert figures >= 20, figures
    # 화면 낭독기가 받는 것: 접근성 트리의 img 역할과 이름(02의 첫 그림: 데이터와 초깃값 직선).
    open_page(page, f"{server}/notebooks/02_prediction.html")
    figure = page.locator("article img").first
    snapshot = figure.aria_snapshot()
    print(f"\n02 예측 계산의 첫 그림(접근성 트리):\n{snapshot}")
    assert snapshot.startswith('- img "') and "데이터(점)는 X = -5에서 Y = -6.7" in snapshot, snapshot
    assert page.get_by_role("img", name=figure.get_attribute("alt")).count() == 1


# ------------------------------------------------------------------ 접근성: axe-core


def check_pages(context, server, axe, pages):
    """쪽마다 axe-core의 WCAG 2 A/AA 위반을 모읍니다: {쪽: [위반…]}(위반이 없는 쪽은 빠짐)과 검사한 쪽 수."""
    found = {}
    tab = context.new_page()
    problems = watch(tab, server)
    for name in pages:
        open_page(tab, f"{server}/{name}")
        violations = axe_violations(tab, axe)
        if violations:
            found[name] = violations
    tab.close()
    assert not problems, "\n".join(problems)
    return found


def report(found):
    lines = []
    for name, violations in found.items():
        for v in violations:
            lines.append(f"{name}: {v['id']} ({v['impact']}) {v['help']} — {len(v['nodes'])}곳")
            lines += [f"    {n[:300]}" for n in v["nodes"][:5]]
    return "\n".join(lines)


def background_luminance(tab):
    rgb = tab.evaluate("() => getComputedStyle(document.body).backgroundColor.match(/\\d+/g).slice(0, 3).map(Number)")
    return sum(c * w for c, w in zip(rgb, (0.2126, 0.7152, 0.0722), strict=True)) / 255


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_no_wcag_violations_on_any_page(browser, server, axe, theme):
    """모든 쪽(첫 화면, 노트북, 풀이, 용어집, 기여 안내, 색인, 검색 결과)에 WCAG 2 A/AA 위반이 없습니다.

    테마는 furo의 자동 모드가 따르는 운영체제 설정(prefers-color-scheme)으로 고릅니다.
    """
    pages = site_pages()
    assert len(pages) >= len(project.notebook_paths()) + 3, pages
    context = browser.new_context(viewport=DESKTOP, locale="ko-KR", color_scheme=theme)
    probe = context.new_page()
    open_page(probe, f"{server}/index.html")
    luminance = background_luminance(probe)  # 정말 그 테마로 그려졌는지(두 번 같은 검사를 하지 않도록)
    assert luminance < 0.2 if theme == "dark" else luminance > 0.9, (theme, luminance)
    shot(probe, f"site_home_{theme}.png")
    probe.close()
    found = check_pages(context, server, axe, pages)
    context.close()
    assert not found, f"{theme} 테마에서 WCAG 2 A/AA 위반이 있는 쪽 {len(found)}개:\n{report(found)}"


def test_no_wcag_violations_at_phone_width(browser, server, axe):
    """휴대폰 폭(390px): 좁은 화면에서는 더 많은 코드 블록이 넘칩니다(course.js가 그것들에도 tabindex를 줌)."""
    pages = ["index.html", "notebooks/00_gradient_descent.html", "notebooks/11_why_centering.html"]
    context = browser.new_context(viewport=PHONE, locale="ko-KR", is_mobile=True, has_touch=True)
    found = check_pages(context, server, axe, pages)
    context.close()
    assert not found, f"휴대폰 폭에서 WCAG 2 A/AA 위반:\n{report(found)}"


# 일부러 망가뜨린 쪽: 사이트가 고친 문제들을 그대로 가진 쪽. 검사기가 모두 잡아야 합니다.
PIXEL = "data:image/svg+xml," + quote('<svg xmlns="http://www.w3.org/2000/svg" width="50" height="50"/>')
BROKEN_PAGE = f"""<!doctype html><html lang="ko"><head><title>망가진 쪽</title></head><body><main>
<h1>망가진 쪽</h1>
<p class="caption" role="heading"><span>노트북</span></p>
<pre style="overflow:auto; width:120px">{"x = 1  " * 60}</pre>
<p style="color:#b0b0b0; background:#ffffff">흐린 글자는 읽기 어렵습니다</p>
<img src="{PIXEL}" alt="../_images/4bb4cd4a.png" width="50" height="50">
<img src="{PIXEL}" width="50" height="50">
</main></body></html>"""


def test_checks_catch_a_broken_page(browser, axe):
    """검사기가 정말 위반을 잡습니다: 캡션 제목의 aria-level 없음, 키보드로 닿지 않는 스크롤 영역, 낮은 대비,
    alt 없는 그림(axe), 경로인 alt(axe는 통과시키므로 bad_alt가 잡음)."""
    context = browser.new_context(viewport=DESKTOP, locale="ko-KR")
    tab = context.new_page()
    tab.set_content(BROKEN_PAGE)
    ids = {v["id"] for v in axe_violations(tab, axe)}
    alts = tab.evaluate("() => [...document.images].map(i => i.getAttribute('alt'))")
    context.close()
    expected = {"aria-required-attr", "scrollable-region-focusable", "color-contrast", "image-alt"}
    assert expected <= ids, f"검사기가 잡지 못한 위반: {expected - ids} (잡은 것: {ids})"
    assert [bad_alt(a) is not None for a in alts] == [True, True], alts


# ------------------------------------------------------------------ 키보드


def focused(tab):
    """지금 초점을 받은 요소. 테두리가 그려지는 전환(transition)이 끝날 때까지 기다립니다(최대 5초)."""
    try:
        tab.wait_for_function(f"() => {{ const f = ({FOCUS_JS})(); return f.done || f.visible; }}", timeout=5_000)
    except PlaywrightTimeout:  # 시간 안에 보이지 않음: 아래 단언이 무엇이 안 보이는지 알려 줍니다.
        pass
    return tab.evaluate(FOCUS_JS)


def test_skip_link_jumps_to_content(page, server):
    open_page(page, f"{server}/notebooks/02_prediction.html")
    page.keyboard.press("Tab")
    first = focused(page)
    assert first["classes"].startswith("skip-to-content") and first["name"] == "본문으로 건너뛰기", first
    assert first["visible"], f"초점을 받은 '본문으로 건너뛰기' 링크가 보이지 않습니다: {first}"
    shot(page, "site_skip_link.png")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"#furo-main-content$"))
    page.keyboard.press("Tab")  # 다음 초점은 옆 목차가 아니라 본문 안
    after = focused(page)
    assert after["inArticle"], f"건너뛴 뒤의 초점이 본문에 있지 않습니다: {after}"


def test_every_focus_is_visible_and_wide_code_scrolls_by_keyboard(page, server):
    """00 쪽을 Tab으로 끝까지 돌며 초점마다 테두리가 보이는지 보고, 넘치는 코드 블록은 →키로 스크롤합니다."""
    open_page(page, f"{server}/notebooks/00_gradient_descent.html")
    seen, scrolled = [], 0
    for _ in range(600):
        page.keyboard.press("Tab")
        now = focused(page)
        if now["done"]:
            break
        assert now["visible"], f"{len(seen) + 1}번째 Tab의 초점이 보이지 않습니다: {now}"
        seen.append(now)
        if now["scroll"] and not scrolled:
            before = page.evaluate("() => document.activeElement.scrollLeft")
            page.keyboard.press("ArrowRight")
            page.wait_for_function(f"() => document.activeElement.scrollLeft > {before}", timeout=5_000)
            scrolled += 1
    else:
        pytest.fail("Tab을 600번 눌러도 쪽 끝에 닿지 않았습니다(초점이 갇혔는지 확인하세요).")
    kinds = {s["classes"].split()[0] if s["classes"] else s["tag"] for s in seen}
    assert {"skip-to-content", "sidebar-search", "colab-button", "copybtn"} <= kinds, kinds
    assert scrolled == 1, "넘치는 코드 블록에 Tab으로 닿지 못했습니다(course.js의 tabindex)"
    assert len(seen) > 40, len(seen)


def test_search_without_a_mouse(page, server):
    """Tab으로 검색창에 가서 입력하고 Enter, 건너뛰기 링크로 결과 목록에 가서 Enter로 결과 쪽을 엽니다."""
    open_page(page, f"{server}/index.html")
    for _ in range(10):
        page.keyboard.press("Tab")
        if focused(page)["classes"] == "sidebar-search":
            break
    else:
        pytest.fail("Tab 10번 안에 검색창에 닿지 못했습니다.")
    assert focused(page)["visible"]
    page.keyboard.type(SEARCH_QUERY)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"search\.html\?q="))
    page.wait_for_function(SEARCH_DONE_JS, timeout=30_000)
    assert len(search_hrefs(page)) >= 10
    page.keyboard.press("Tab")  # 본문으로 건너뛰기
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    result = focused(page)
    assert result["inArticle"] and result["tag"] == "a" and result["visible"], result
    assert result["href"].split("?")[0] in search_hrefs(page), result
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(result["href"].split("?")[0])))
    assert page.locator("article h1").count() == 1


def tab_to(tab, condition, presses=20):
    """Tab을 눌러 condition(초점 정보 → bool)에 맞는 요소에 닿습니다. 못 닿으면 실패합니다."""
    for _ in range(presses):
        tab.keyboard.press("Tab")
        now = focused(tab)
        if not now["done"] and condition(now):
            return now
    pytest.fail(f"Tab {presses}번 안에 닿지 못했습니다. 마지막 초점: {focused(tab)}")


def test_search_without_a_mouse_on_a_phone(browser, server):
    """휴대폰 폭: 옆 목차(검색창이 든 서랍)를 키보드로 열고, 검색하고, Esc 없이 결과로 갑니다."""
    context = browser.new_context(viewport=PHONE, **CALM)
    tab = context.new_page()
    problems = watch(tab, server)
    open_page(tab, f"{server}/index.html")
    menu = tab_to(tab, lambda f: f["classes"].startswith("nav-overlay-icon"))
    assert menu["visible"] and menu["name"] == "사이트 목차 열기", menu
    tab.keyboard.press("Enter")
    tab.wait_for_function("() => document.activeElement.classList.contains('sidebar-search')", timeout=5_000)
    box = focused(tab)
    assert box["visible"], f"서랍을 연 뒤 검색창의 초점이 보이지 않습니다: {box}"
    tab.keyboard.type(SEARCH_QUERY)
    tab.keyboard.press("Enter")
    tab.wait_for_url(re.compile(r"search\.html\?q="))
    tab.wait_for_function(SEARCH_DONE_JS, timeout=30_000)
    result = tab_to(tab, lambda f: f["inArticle"] and f["tag"] == "a")
    assert result["visible"] and result["href"].split("?")[0] in search_hrefs(tab), result
    shot(tab, "site_search_phone.png")
    context.close()
    assert not problems, "\n".join(problems)


def test_table_of_contents_drawer_opens_and_closes_by_keyboard(page, server):
    """1280px(82em보다 좁음)에서는 "이 쪽의 차례"가 서랍입니다: 닫혀 있으면 그 링크는 초점을 받지 않고,
    단추에서 Enter로 열면 첫 항목으로 초점이 가며, Esc로 닫으면 단추로 돌아옵니다."""
    open_page(page, f"{server}/notebooks/00_gradient_descent.html")
    button = tab_to(page, lambda f: f["classes"].startswith("toc-overlay-icon"), presses=60)
    assert button["visible"] and button["name"] == "이 쪽의 차례 열기", button
    page.keyboard.press("Enter")
    page.wait_for_function("() => !!document.activeElement.closest('.toc-drawer')", timeout=5_000)
    inside = focused(page)
    assert inside["visible"] and inside["tag"] == "a", inside
    page.keyboard.press("Escape")
    page.wait_for_function("() => document.activeElement.classList.contains('toc-overlay-icon')", timeout=5_000)
    back = focused(page)
    assert back["name"] == "이 쪽의 차례 열기" and back["visible"], back
    assert page.locator("label.toc-content-icon").get_attribute("aria-expanded") == "false"
