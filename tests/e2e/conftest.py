"""브라우저 시험(JupyterLab, 코스 웹사이트)이 함께 쓰는 헤드리스 Chromium.

시스템의 Chromium(데비안 패키지 chromium, GitHub Actions에서는 COURSE_CHROMIUM=/usr/bin/google-chrome)을
Playwright로 조종합니다. 브라우저를 내려받지 않습니다.
"""

import os
from pathlib import Path

import pytest
from browser_tools import CHROMIUM, FONTS_CONF


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    import koreanize_matplotlib
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).is_file():
        pytest.fail(f"Chromium이 없습니다({CHROMIUM}). `python3 course.py e2e`로 실행하면 설치합니다.")
    fonts = Path(koreanize_matplotlib.__file__).parent / "fonts"
    conf = tmp_path_factory.mktemp("fontconfig") / "fonts.conf"
    conf.write_text(FONTS_CONF.format(fonts=fonts, cache=conf.parent / "cache"), encoding="utf-8")
    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"],
            env={**os.environ, "FONTCONFIG_FILE": str(conf)},
        )
        yield chromium
        chromium.close()
