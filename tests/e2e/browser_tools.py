"""브라우저 시험이 함께 쓰는 값과 자바스크립트(conftest.py의 browser 픽스처와 시험 모듈이 임포트합니다).

브라우저 시험의 준비(Chromium, Playwright, axe-core를 갖추는 일)는 tools/browser.py가 맡습니다.
"""

import json
import os
from pathlib import Path

import pytest

from tools.browser import CHROMIUM, axe_dir  # noqa: F401 - conftest.py가 CHROMIUM을 여기서 가져갑니다

# 헤드리스 서버에는 한글 글꼴이 없을 수 있으므로, 그래프에 쓰는 나눔고딕(koreanize-matplotlib에 들어 있음)을
# 브라우저의 fontconfig에 더합니다. 학습자의 컴퓨터에는 보통 한글 글꼴이 있습니다.
FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>{fonts}</dir>
  <cachedir>{cache}</cachedir>
</fontconfig>
"""


def hangul_glyphs_js(selector):
    """한글이 글꼴로 그려지는지 보는 자바스크립트: 글꼴이 없으면 '한'과 '글'이 똑같은 빈 네모(□)로 그려집니다.

    selector의 요소(본문)에 쓰인 글꼴로 두 글자를 그려 비교합니다.
    """
    return f"""() => {{
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 48;
  const ctx = canvas.getContext('2d');
  const family = getComputedStyle(document.querySelector('{selector}')).fontFamily;
  const draw = ch => {{ ctx.clearRect(0, 0, 48, 48); ctx.font = `32px ${{family}}`; ctx.fillText(ch, 4, 38);
                       return ctx.getImageData(0, 0, 48, 48).data.join(','); }};
  return draw('한') !== draw('글') && draw('한') !== draw(' ');
}}"""


# axe-core로 검사하는 WCAG 2 A/AA 규칙(2.0, 2.1, 2.2의 A와 AA). 모범 사례(best-practice) 규칙은 넣지 않습니다.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

AXE_RUN_JS = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => n.target.join(' ') + ' — ' + (n.failureSummary || '').replace(/\\s+/g, ' '))}));
}"""


def axe_source():
    """axe.min.js와 한국어 메시지를 설정하는 자바스크립트(tools/browser.py가 받아 둔 것)."""
    folder = Path(os.environ.get("COURSE_AXE_DIR") or axe_dir())
    if not (folder / "axe.min.js").is_file():
        pytest.fail(f"axe-core가 없습니다({folder}). `python3 course.py site --e2e`로 실행하면 받아 둡니다.")
    korean = json.loads((folder / "locales" / "ko.json").read_text(encoding="utf-8"))
    return (folder / "axe.min.js").read_text(encoding="utf-8") + f"\naxe.configure({{locale: {json.dumps(korean)}}});"


def axe_violations(tab, source):
    """지금 쪽의 WCAG 2 A/AA 위반 목록: [{id, impact, help(한국어), nodes}]."""
    if not tab.evaluate("() => typeof window.axe === 'object'"):
        tab.add_script_tag(content=source)
    return tab.evaluate(AXE_RUN_JS, WCAG_TAGS)
