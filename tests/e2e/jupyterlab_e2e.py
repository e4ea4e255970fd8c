"""JupyterLab 끝까지 시험(e2e): `python3 course.py e2e`로 실행합니다(기본 테스트 실행에는 들어가지 않음).

README의 명령(`python3 course.py lab`)으로 작업 트리의 복사본에서 JupyterLab을 127.0.0.1, 토큰 인증으로
열고, 헤드리스 Chromium(시스템 패키지, Playwright로 조종)으로 노트북마다
  1. 모든 출력을 지운 뒤 메뉴 Run > Run All Cells로 모든 셀을 화면에서 실행하고,
  2. 의도한 오류(raises-exception 태그가 붙은 셀) 말고는 오류·stderr 출력이 없는지,
  3. 기록된 노트북에 있는 그림(계산 그래프 SVG, matplotlib PNG)이 모두 화면에 그려졌는지,
  4. 한글(제목, 한글이 든 출력 줄)이 화면에 있는지 확인합니다.
노트북마다 전체 화면 사진을 artifacts/screenshots/에 남깁니다(.gitignore에 들어 있음).
"""

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import nbformat
import pytest
from browser_tools import hangul_glyphs_js

from tools import project

ROOT = project.ROOT
SHOTS = ROOT / "artifacts" / "screenshots"
NOTEBOOKS = [project.relpath(path) for path in project.notebook_paths()]
HANGUL = re.compile(r"[가-힣]")
COPY = ["course.py", "helpers.py", "pyproject.toml", "requirements.txt", "tools", "data", "notebooks", "solutions"]
# 사용자 설정 대신 쓰는 JupyterLab 설정: 모든 셀을 DOM에 두고(windowing 끔), 자동 저장과 소식 알림을 끕니다.
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
}

# 화면의 셀마다 종류, 실행 번호, 오류 출력, 그려진 그림, 글자를 모읍니다.
COLLECT_JS = """() => [...document.querySelectorAll('.jp-NotebookPanel .jp-Notebook .jp-Cell')].map(cell => ({
  code: cell.classList.contains('jp-CodeCell'),
  prompt: (cell.querySelector('.jp-InputArea-prompt') || {}).textContent || '',
  errors: [...cell.querySelectorAll('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')]
    .map(e => e.innerText.slice(-1500)),
  images: [...cell.querySelectorAll('.jp-OutputArea-output img')]
    .map(img => ({loaded: img.complete && img.naturalWidth > 0, mime: img.closest('[data-mime-type]')
      ? img.closest('[data-mime-type]').getAttribute('data-mime-type') : ''})),
  headings: [...cell.querySelectorAll('.jp-RenderedMarkdown h1')].map(h => h.innerText),
  collapsed: !!cell.querySelector('.jp-InputPlaceholder'),
  text: cell.innerText,
}))"""

# 실행이 끝났는가: 대기 중([*])인 셀이 없고 커널이 쉬고 있으며, 모든 코드 셀에 번호가 붙었거나 오류로 멈췄을 때.
# 접힌 셀(준비 셀)은 입력 영역 대신 빈 자리표시만 있어 실행 번호가 보이지 않으므로 입력 영역의 번호만 봅니다.
DONE_JS = """() => {
  const prompts = [...document.querySelectorAll('.jp-NotebookPanel .jp-Notebook .jp-CodeCell .jp-InputArea-prompt')]
    .map(p => p.textContent);
  const idle = document.querySelector('.jp-Notebook-ExecutionIndicator[data-status="idle"]');
  const stopped = document.querySelector('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]');
  return idle && !prompts.some(p => p.includes('*')) && (prompts.every(p => /\\[\\d+\\]/.test(p)) || stopped);
}"""


HANGUL_GLYPHS_JS = hangul_glyphs_js(".jp-RenderedMarkdown")


# 출력과 실행 번호가 모두 지워졌는가(그래야 실행이 끝났는지 번호로 알 수 있습니다).
CLEARED_JS = """() => !document.querySelector('.jp-NotebookPanel .jp-OutputArea-output')
  && [...document.querySelectorAll('.jp-NotebookPanel .jp-CodeCell .jp-InputArea-prompt')]
       .every(p => !/\\d/.test(p.textContent))"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Lab:
    def __init__(self, url, token, log, site):
        self.url, self.token, self.log, self.site = url, token, log, site

    def wait_for_kernel(self, timeout=120):
        """노트북의 커널이 시작되어 브라우저와 연결되고 쉬고 있을 때까지 기다립니다."""
        deadline = time.monotonic() + timeout
        kernels = []
        while time.monotonic() < deadline:
            try:
                kernels = self.api("/api/kernels")
            except urllib.error.HTTPError as e:
                # 커널이 막 시작하는 순간 jupyter_server가 500을 낼 때가 있습니다(last_activity가 아직 없음).
                if e.code < 500:
                    raise
                time.sleep(0.5)
                continue
            if any(k["connections"] > 0 and k["execution_state"] == "idle" for k in kernels):
                return
            time.sleep(0.5)
        raise TimeoutError(f"커널이 {timeout}초 안에 준비되지 않았습니다: {kernels}")

    def api(self, path, method="GET", token=True):
        headers = {"Authorization": f"token {self.token}"} if token else {}
        request = urllib.request.Request(f"{self.url}{path}", method=method, headers=headers)
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """작업 트리 복사본에서 README의 명령으로 JupyterLab을 엽니다(저장소의 노트북은 건드리지 않음)."""
    tmp = tmp_path_factory.mktemp("lab")
    site = tmp / "course"
    for name in COPY:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, site / name, ignore=shutil.ignore_patterns("__pycache__", ".ipynb_*"))
        elif source.is_file():
            site.mkdir(exist_ok=True)
            shutil.copy2(source, site / name)
    settings = tmp / "settings"
    for plugin, values in LAB_SETTINGS.items():
        path = settings / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    port, token = free_port(), secrets.token_hex(16)
    env = {
        **os.environ,
        "COURSE_VENV": sys.prefix,  # 이 시험을 실행하는 코스 가상 환경(python3 course.py e2e)
        "JUPYTERLAB_SETTINGS_DIR": str(settings),
        "JUPYTERLAB_WORKSPACES_DIR": str(tmp / "workspaces"),
        "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"),
    }
    for name in ("COURSE_GRAPHVIZ", "PYTHONHASHSEED"):  # 학습자의 환경처럼(그래프는 dot이 없으면 graphviz-pure)
        env.pop(name, None)
    log_path = tmp / "jupyterlab.log"
    args = [
        "--no-browser",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
    ]
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            [sys.executable, site / "course.py", "lab", *args],
            cwd=site,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # course.py가 띄운 jupyter lab까지 한 프로세스 그룹으로 끝내려고
        )
    handle = Lab(f"http://127.0.0.1:{port}", token, log_path, site)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                handle.api("/api/status")
                break
            except (urllib.error.URLError, ConnectionError):
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"JupyterLab이 시작되지 않았습니다:\n{log_path.read_text()[-3000:]}")
                time.sleep(0.5)
        yield handle
    finally:
        try:
            handle.api("/api/shutdown", method="POST")  # 커널까지 정상 종료
            server.wait(timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            pass
        for sig in (signal.SIGTERM, signal.SIGKILL):  # 남은 프로세스(jupyter lab, 커널)를 그룹째 끝냅니다.
            try:
                os.killpg(server.pid, sig)
                server.wait(timeout=15)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                pass


def test_lab_listens_on_localhost_with_token(lab):
    assert lab.url.startswith("http://127.0.0.1:")
    with pytest.raises(urllib.error.HTTPError) as denied:
        lab.api("/api/contents/notebooks", token=False)
    assert denied.value.code == 403
    names = {item["name"] for item in lab.api("/api/contents/notebooks")["content"]}
    assert {Path(p).name for p in NOTEBOOKS if p.startswith("notebooks/")} <= names


def expected_cells(nb):
    """기록된 노트북에서 셀마다 기대하는 것: 그림 수, 의도한 오류인지, 한글이 든 출력 줄."""
    expected = []
    for cell in nb.cells:
        images, korean = 0, []
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            images += int("image/png" in data or "image/svg+xml" in data)
            text = out.get("text", "") if out.get("name") == "stdout" else ""
            korean += [ln.strip() for ln in text.splitlines() if HANGUL.search(ln)]
        expected.append(
            {
                "code": cell.cell_type == "code",
                "images": images,
                "raises": "raises-exception" in cell.metadata.get("tags", []),
                "collapsed": cell.metadata.get("jupyter", {}).get("source_hidden", False),
                "korean": korean,
            }
        )
    return expected


def screenshot(page, relpath):
    """노트북 전체가 한 장에 들어가도록 창 높이를 늘려 찍습니다."""
    height = page.evaluate(
        """() => { const el = document.querySelector('.jp-NotebookPanel .jp-WindowedPanel-outer')
                                || document.querySelector('.jp-NotebookPanel .jp-Notebook');
                   return el ? el.scrollHeight : 900; }"""
    )
    page.set_viewport_size({"width": 1280, "height": min(int(height) + 200, 30000)})
    page.wait_for_timeout(1000)
    page.evaluate(
        """() => document.querySelectorAll('.jp-NotebookPanel .jp-WindowedPanel-outer, .jp-NotebookPanel .jp-Notebook')
                   .forEach(el => { el.scrollTop = 0; })"""
    )
    page.wait_for_timeout(500)
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / (Path(relpath).with_suffix("").as_posix().replace("/", "_") + ".png")
    page.screenshot(path=str(path))
    return path


def run_in_lab(lab, browser, relpath, n_cells, after_run=None):
    """노트북을 JupyterLab에서 열어 출력을 지우고 Run > Run All Cells로 실행한 뒤, 화면의 셀 정보를 돌려줍니다.

    after_run(page)가 있으면 실행이 끝난 화면에서 그것을 부른 뒤(슬라이더 움직이기 등) 화면 사진을 찍습니다.
    """
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        workspace = re.sub(r"[^a-z0-9]+", "-", relpath.lower())  # 노트북마다 새 작업 공간(이전 탭이 열리지 않게)
        page.goto(f"{lab.url}/lab/workspaces/{workspace}/tree/{relpath}?token={lab.token}")
        # 준비될 때까지: 모든 셀이 화면에 있고, 커널이 브라우저와 연결되어 쉬고 있을 때.
        page.wait_for_function(
            f"() => document.querySelectorAll('.jp-NotebookPanel .jp-Notebook .jp-Cell').length === {n_cells}",
            timeout=90_000,
        )
        lab.wait_for_kernel()
        page.wait_for_selector('.jp-Notebook-ExecutionIndicator[data-status="idle"]', timeout=60_000)
        left = page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current")
        if left.count():
            left.first.click()  # 파일 탐색기를 접어 노트북을 넓게 봅니다.

        def menu(top, command):
            page.locator(".lm-MenuBar-item", has_text=re.compile(rf"^{top}$")).click()
            page.locator(f'.lm-Menu-item[data-command="{command}"]').first.click()

        menu("Edit", "editmenu:clear-all")  # 저장된 출력을 지우고 화면에서 새로 만듭니다.
        page.wait_for_function(CLEARED_JS)
        started = time.monotonic()
        menu("Run", "runmenu:run-all")
        page.wait_for_function(DONE_JS, timeout=600_000, polling=500)
        seconds = time.monotonic() - started
        page.wait_for_timeout(1500)  # 마지막 그림이 자리를 잡을 때까지
        cells = page.evaluate(COLLECT_JS)
        korean_font = page.evaluate(HANGUL_GLYPHS_JS)
        if after_run:
            after_run(page)
        shot = screenshot(page, relpath)
    except Exception:
        try:
            screenshot(page, relpath)  # 실패했을 때의 화면도 남깁니다.
        finally:
            raise
    finally:
        page.close()
        for session in lab.api("/api/sessions"):  # 커널을 닫아 메모리를 돌려줍니다.
            lab.api(f"/api/sessions/{session['id']}", method="DELETE")
    print(f"{relpath}: {seconds:.1f}초, 셀 {len(cells)}개, 화면 사진 {shot.relative_to(ROOT)}")
    return cells, korean_font


def find_problems(relpath, cells, expected):
    """화면의 셀과 기대를 견주어 문제 목록을 만듭니다."""
    if len(cells) != len(expected):
        return [f"{relpath}: 화면의 셀 {len(cells)}개가 노트북의 {len(expected)}개와 다릅니다"]
    problems = []
    for i, (seen, want) in enumerate(zip(cells, expected, strict=True)):
        where = f"{relpath} 셀 {i}"
        # 접힌 준비 셀은 실행 번호가 화면에 없습니다. 실행되었는지는 다음 셀들(helpers를 씀)이 보여 줍니다.
        if want["code"] and not want["collapsed"] and not re.search(r"\[\d+\]", seen["prompt"]):
            problems.append(f"{where}: 실행되지 않았습니다({seen['prompt']!r})")
        if want["collapsed"] != seen["collapsed"]:
            problems.append(f"{where}: 코드가 {'접혀 있어야' if want['collapsed'] else '보여야'} 합니다(준비 셀)")
        if want["raises"] and not seen["errors"]:
            problems.append(f"{where}: 의도한 오류가 화면에 나오지 않았습니다")
        if seen["errors"] and not want["raises"]:
            problems.append(f"{where}: 오류/stderr 출력:\n{seen['errors'][0]}")
        loaded = [img for img in seen["images"] if img["loaded"]]
        if len(loaded) < want["images"] or len(loaded) < len(seen["images"]):
            problems.append(f"{where}: 그림 {want['images']}개 중 {len(loaded)}개만 그려졌습니다 {seen['images']}")
        for line in want["korean"]:
            if line not in seen["text"]:
                problems.append(f"{where}: 한글 출력 {line!r}이 화면에 없습니다")
    return problems


def title_of(nb):
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.split("\n"):
                if line.startswith("# "):
                    return line[2:].strip()
    return None


@pytest.mark.parametrize("relpath", NOTEBOOKS)
def test_notebook_runs_in_jupyterlab(lab, browser, relpath):
    nb = nbformat.read(ROOT / relpath, as_version=4)
    expected = expected_cells(nb)
    cells, korean_font = run_in_lab(lab, browser, relpath, len(nb.cells))
    problems = find_problems(relpath, cells, expected)
    assert not problems, "\n".join(problems)
    title = title_of(nb)
    headings = [h for c in cells for h in c["headings"]]
    assert title and HANGUL.search(title) and title in headings, f"한글 제목 {title!r}이 화면에 없습니다: {headings}"
    assert sum(len(c["images"]) for c in cells) == sum(w["images"] for w in expected)
    assert korean_font, "한글이 글꼴 없이 빈 네모(□)로 그려집니다"


def test_checker_allows_only_the_deliberate_error(lab, browser):
    """검사 자체의 점검: 태그를 단 의도한 오류 뒤에도 실행이 이어지고, 태그 없는 stderr·오류는 잡아냅니다."""
    cells = [
        nbformat.v4.new_markdown_cell("# 점검용 노트북"),
        nbformat.v4.new_code_cell('raise ValueError("일부러 낸 오류")', metadata={"tags": ["raises-exception"]}),
        nbformat.v4.new_code_cell('print("오류 뒤에도 계속 실행됩니다")'),
        nbformat.v4.new_code_cell('import sys\nprint("경고", file=sys.stderr)'),
        nbformat.v4.new_code_cell('raise RuntimeError("태그 없는 오류")'),
        nbformat.v4.new_code_cell('print("여기까지 오면 안 됩니다")'),
    ]
    nb = nbformat.v4.new_notebook(
        cells=cells,
        metadata={"kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3 (ipykernel)"}},
    )
    relpath = "e2e_checker.ipynb"
    nbformat.write(nb, lab.site / relpath)
    seen, _ = run_in_lab(lab, browser, relpath, len(cells))
    expected = expected_cells(nb)
    expected[2]["korean"] = ["오류 뒤에도 계속 실행됩니다"]
    problems = find_problems(relpath, seen, expected)
    assert [p.split(":")[0] for p in problems] == [f"{relpath} 셀 3", f"{relpath} 셀 4", f"{relpath} 셀 5"], problems
    assert "경고" in problems[0] and "태그 없는 오류" in problems[1] and "실행되지 않았습니다" in problems[2]


# 10의 학습률 탐색기 셀(슬라이더가 있는 셀)의 그림 주소. 그림이 바뀌면 base64 PNG가 통째로 바뀝니다.
EXPLORER_IMG_JS = """() => {
  const cell = [...document.querySelectorAll('.jp-NotebookPanel .jp-Cell')]
    .find(c => c.querySelector('.widget-slider'));
  const img = cell && cell.querySelector('.jp-OutputArea-output img');
  return img && img.complete && img.naturalWidth > 0 ? img.src : null;
}"""


def test_10_learning_rate_slider_redraws_the_figure(lab, browser):
    """10의 학습률 슬라이더에 발산하는 값(0.5)을 적으면 그림이 새로 그려지고, 오류 대신 그림 제목으로 알립니다."""
    relpath = "notebooks/10_learning_rate.ipynb"
    nb = nbformat.read(ROOT / relpath, as_version=4)
    seen = {}

    def move_slider(page):
        cell = page.locator(".jp-NotebookPanel .jp-Cell", has=page.locator(".widget-slider")).first
        cell.scroll_into_view_if_needed()
        seen["label"] = cell.locator(".widget-label", has_text="안정 한계").first.inner_text()
        seen["before"] = page.evaluate(EXPLORER_IMG_JS)
        readout = cell.locator(".widget-readout").first  # 슬라이더 옆의 값: 눌러서 고쳐 쓸 수 있습니다.
        readout.click()
        page.keyboard.press("Control+A")
        page.keyboard.type("0.5")
        page.keyboard.press("Enter")
        page.wait_for_function(
            f"(before) => {{ const src = ({EXPLORER_IMG_JS})(); return src && src !== before; }}",
            arg=seen["before"],
            timeout=60_000,
        )
        page.wait_for_timeout(500)
        seen["after"] = page.evaluate(EXPLORER_IMG_JS)
        seen["value"] = readout.inner_text()
        seen["errors"] = cell.locator('[data-mime-type="application/vnd.jupyter.stderr"]').count()
        SHOTS.mkdir(parents=True, exist_ok=True)
        cell.screenshot(path=str(SHOTS / "notebooks_10_learning_rate_slider.png"))

    cells, _ = run_in_lab(lab, browser, relpath, len(nb.cells), after_run=move_slider)
    assert not find_problems(relpath, cells, expected_cells(nb))
    assert seen["label"] == "안정 한계 0.0862 (이보다 크면 발산)"
    assert seen["before"] and seen["after"] and seen["after"] != seen["before"], "슬라이더를 옮겨도 그림이 그대로입니다"
    assert float(seen["value"]) == pytest.approx(0.5, rel=0.01)  # 슬라이더는 로그 눈금 0.01 간격에 맞춥니다(0.5012).
    assert seen["errors"] == 0, "발산한 학습률에서 오류(stderr)가 화면에 나왔습니다"
