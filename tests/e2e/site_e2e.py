"""코스 웹사이트 브라우저 시험: `python3 course.py site --e2e`로 실행합니다(기본 테스트 실행에는 들어가지 않음).

만든 사이트(COURSE_SITE_DIR, 기본 build/site)를 127.0.0.1의 빈 포트에서 http.server로 열고, 헤드리스
Chromium(시스템 패키지, Playwright로 조종)으로
  1. 첫 화면: 한글 제목과 코스 표, 한글이 글꼴로 그려지는지,
  2. 02 예측 계산: 계산 그래프(SVG)가 그려졌는지, 수식(MathJax)이 조판됐는지, Colab 버튼, 코드 복사 버튼,
     이전/다음 쪽 링크, 준비 셀이 보이지 않는지,
  3. 06 결과 평가: matplotlib 그림(PNG)이 그려졌는지,
  4. 검색창에 '경사'를 넣으면 '경사를'만 있는 쪽까지 결과에 나오는지 확인합니다.
모든 요청이 사이트 안(127.0.0.1)에서 성공해야 합니다(인터넷 없이 열림). 화면 사진은 artifacts/screenshots/에
site_home.png, site_02_prediction.png, site_06_evaluation.png, site_search.png로 남습니다.
"""

import functools
import json
import os
import re
import threading
import tomllib
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browser_tools import hangul_glyphs_js

ROOT = Path(__file__).resolve().parents[2]
SITE = Path(os.environ.get("COURSE_SITE_DIR", ROOT / "build" / "site"))
SHOTS = ROOT / "artifacts" / "screenshots"
HANGUL = re.compile(r"[가-힣]")


HANGUL_GLYPHS_JS = hangul_glyphs_js("article")

IMAGES_JS = """() => [...document.querySelectorAll('article img')].map(img => ({
  src: img.getAttribute('src'), loaded: img.complete && img.naturalWidth > 0, width: img.naturalWidth}))"""


def notebook_title(relpath):
    nb = json.loads((ROOT / relpath).read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            for line in "".join(cell["source"]).split("\n"):
                if line.startswith("# "):
                    return line[2:].strip()
    return None


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


@pytest.fixture
def page(browser, server):
    """새 탭. 실패한 요청과 사이트 밖으로 나간 요청을 모아, 테스트가 끝날 때 하나도 없어야 합니다."""
    tab = browser.new_page(viewport={"width": 1280, "height": 900}, locale="ko-KR")
    problems = []
    host = urlsplit(server).netloc

    def on_request(request):
        if urlsplit(request.url).netloc not in (host, "") and not request.url.startswith("data:"):
            problems.append(f"사이트 밖 요청: {request.url}")

    tab.on("request", on_request)
    tab.on("requestfailed", lambda r: problems.append(f"실패한 요청: {r.url} {r.failure}"))
    tab.on("response", lambda r: r.status >= 400 and problems.append(f"HTTP {r.status}: {r.url}"))
    tab.on("pageerror", lambda e: problems.append(f"자바스크립트 오류: {e}"))
    yield tab
    tab.close()
    assert not problems, "\n".join(problems)


def shot(tab, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / name
    tab.screenshot(path=str(path), full_page=True)
    return path


def test_home_page(page, server):
    page.goto(f"{server}/index.html")
    h1 = page.locator("article h1").first.inner_text()
    assert "처음 시작하는 머신러닝" in h1
    assert page.locator("html").get_attribute("lang") == "ko"
    links = page.locator("article table a[href^='notebooks/']")
    assert links.count() == len(list((ROOT / "notebooks").glob("*.ipynb")))
    assert "02 예측 계산" in page.locator("article table").first.inner_text()
    assert page.evaluate(HANGUL_GLYPHS_JS), "한글이 글꼴 없이 빈 네모(□)로 그려집니다"
    shot(page, "site_home.png")
    links.nth(2).click()  # 코스 표의 '02 예측 계산'
    page.wait_for_url(re.compile(r"notebooks/02_prediction\.html$"))


def wait_images(tab):
    tab.wait_for_function("() => [...document.querySelectorAll('article img')].every(i => i.complete)")
    return tab.evaluate(IMAGES_JS)


def test_prediction_page_graph_math_colab(page, server):
    relpath = "notebooks/02_prediction.ipynb"
    page.goto(f"{server}/notebooks/02_prediction.html")
    assert page.locator("article h1").first.inner_text().strip("#¶ \n") == notebook_title(relpath)
    images = wait_images(page)
    svgs = [i for i in images if i["src"].endswith(".svg")]
    assert svgs and all(i["loaded"] and i["width"] > 50 for i in svgs), images  # 계산 그래프
    # 수식: MathJax(사이트 안의 _static/mathjax)가 $…$를 조판합니다.
    page.wait_for_function("() => document.querySelectorAll('mjx-container').length > 0", timeout=30_000)
    assert "\\times" not in page.locator("article").inner_text()
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["course"]
    button = page.locator("a.colab-button")
    assert button.count() == 1 and button.is_visible()
    want = f"https://colab.research.google.com/github/{config['github']}/blob/{config['ref']}/{relpath}"
    assert button.get_attribute("href") == want
    text = page.locator("article").inner_text()
    assert "코스 준비" not in text and "COURSE_REPO_URL" not in text  # 준비 셀은 보이지 않습니다.
    assert page.locator("button.copybtn").count() >= 3  # 코드 셀마다 복사 버튼
    assert page.locator("a.prev-page").get_attribute("href") == "01_preprocessing.html"
    assert page.locator("a.next-page").get_attribute("href") == "03_loss.html"
    assert page.evaluate(HANGUL_GLYPHS_JS), "한글이 글꼴 없이 빈 네모(□)로 그려집니다"
    shot(page, "site_02_prediction.png")


def test_evaluation_page_figures(page, server):
    page.goto(f"{server}/notebooks/06_evaluation.html")
    images = wait_images(page)
    pngs = [i for i in images if i["src"].endswith(".png")]
    assert len(pngs) >= 2 and all(i["loaded"] and i["width"] > 200 for i in pngs), images  # 학습 곡선, 회귀 직선
    shot(page, "site_06_evaluation.png")


def test_korean_search(page, server):
    page.goto(f"{server}/index.html")
    box = page.locator("input[name='q']").first
    box.fill("경사")
    box.press("Enter")
    page.wait_for_url(re.compile(r"search\.html\?q="))
    page.wait_for_function("() => document.querySelectorAll('#search-results ul.search li').length > 0", timeout=30_000)
    page.wait_for_timeout(1500)  # 결과가 모두 붙을 때까지
    hrefs = page.eval_on_selector_all("#search-results ul.search li a", "els => els.map(a => a.getAttribute('href'))")
    found = {h.split("?")[0].split("#")[0] for h in hrefs}
    assert "notebooks/04_gradient_step.html" in found, found
    assert "notebooks/00_gradient_descent.html" in found, found
    assert len(found) >= 10, found
    summary = page.locator("#search-results").inner_text()
    assert HANGUL.search(summary)
    shot(page, "site_search.png")
    # 없는 낱말은 아무것도 찾지 않습니다(검사가 무엇이든 통과시키지 않는지).
    page.goto(f"{server}/search.html?q=뷁뚫쀍")
    page.wait_for_function("() => /검색|Search/.test(document.querySelector('#search-results').innerText)")
    page.wait_for_timeout(1000)
    assert page.locator("#search-results ul.search li").count() == 0
