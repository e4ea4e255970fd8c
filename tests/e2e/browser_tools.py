"""브라우저 시험이 함께 쓰는 값과 자바스크립트(conftest.py의 browser 픽스처와 시험 모듈이 임포트합니다)."""

import os

CHROMIUM = os.environ.get("COURSE_CHROMIUM", "/usr/bin/chromium")
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
