"""그림의 대체 텍스트(alt)를 만드는 글자 규칙. 표준 라이브러리만 씁니다.

- tex_to_text: "그림 읽기" 줄의 간단한 LaTeX 수식을 화면 낭독기가 읽을 글자로(`W \\approx 1.80` → `W ≈ 1.80`).
- bad_alt: 쓸모없는 alt(빈 글자, 파일 이름, 경로)를 알아봅니다.

사이트의 Sphinx 확장(site/figure_alt.py)과 테스트(tests/test_site.py, tests/e2e/site_e2e.py)가 함께 씁니다.
"""

from __future__ import annotations

import re

LEAD = "그림 읽기"
# 파일 이름이나 경로처럼 보이는 alt: 띄어쓰기 없는 한 덩어리로, 그림 확장자로 끝나거나 / 또는 \\가 들어 있음
PATH_LIKE = re.compile(r"\S+\.(png|svg|jpe?g|gif|webp|pdf)|\S*[/\\]\S*", re.I)

# LaTeX 명령 → 읽을 글자. 그림 읽기 줄에 새 명령이 나오면 여기에 더합니다(모르는 명령은 경고).
TEX_SYMBOLS = {
    "approx": "≈",
    "times": "×",
    "cdot": "·",
    "le": "≤",
    "leq": "≤",
    "ge": "≥",
    "geq": "≥",
    "ne": "≠",
    "neq": "≠",
    "pm": "±",
    "to": "→",
    "rightarrow": "→",
    "infty": "∞",
    "partial": "∂",
    "nabla": "∇",
    "sum": "Σ",
    "ldots": "…",
    "dots": "…",
    "cdots": "…",
    "alpha": "α",
    "beta": "β",
    "gamma": "γ",
    "delta": "δ",
    "Delta": "Δ",
    "epsilon": "ε",
    "eta": "η",
    "theta": "θ",
    "lambda": "λ",
    "mu": "μ",
    "sigma": "σ",
    "min": "min",
    "max": "max",
    "log": "log",
    "exp": "exp",
    "left": "",
    "right": "",
    ",": " ",
    ";": " ",
    "!": "",
    " ": " ",
    "quad": " ",
    "qquad": " ",
    "%": "%",
    "{": "{",
    "}": "}",
}
TEX_TEXT = ("text", "mathrm", "mathit", "mathbf", "operatorname", "textrm", "mathsf", "boldsymbol")
SUPERSCRIPTS = str.maketrans("0123456789+-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻")


class UnknownTex(ValueError):
    pass


def _group(tex, i):
    """tex[i]에서 시작하는 인수 하나({…} 또는 한 글자)와 그 뒤의 위치."""
    while i < len(tex) and tex[i] == " ":
        i += 1
    if i >= len(tex):
        return "", i
    if tex[i] != "{":
        if tex[i] == "\\":
            m = re.match(r"\\([A-Za-z]+|.)", tex[i:])
            return m.group(0), i + m.end()
        return tex[i], i + 1
    depth = 0
    for j in range(i, len(tex)):
        depth += {"{": 1, "}": -1}.get(tex[j], 0)
        if depth == 0:
            return tex[i + 1 : j], j + 1
    raise UnknownTex(f"닫히지 않은 중괄호: {tex!r}")


def tex_to_text(tex: str) -> str:
    """간단한 LaTeX 수식을 화면 낭독기가 읽을 글자로: `W \\approx 1.80` → `W ≈ 1.80`, `x^2` → `x²`.

    모르는 명령이 있으면 UnknownTex를 냅니다(조용히 백슬래시를 남기지 않음).
    """
    out, i = [], 0
    while i < len(tex):
        ch = tex[i]
        if ch == "\\":
            m = re.match(r"\\([A-Za-z]+|.)", tex[i:])
            name, i = m.group(1), i + m.end()
            if name in TEX_TEXT:
                arg, i = _group(tex, i)
                out.append(tex_to_text(arg) if name != "text" and name != "textrm" else arg)
            elif name == "frac":
                num, i = _group(tex, i)
                den, i = _group(tex, i)
                out.append(f"{_wrap(tex_to_text(num))}/{_wrap(tex_to_text(den))}")
            elif name == "sqrt":
                arg, i = _group(tex, i)
                out.append(f"√{_wrap(tex_to_text(arg))}")
            elif name in TEX_SYMBOLS:
                out.append(TEX_SYMBOLS[name])
            else:
                raise UnknownTex(f"글자로 바꾸지 못한 수식 명령 \\{name}: {tex!r}")
        elif ch in "^_":
            arg, i = _group(tex, i + 1)
            text = tex_to_text(arg)
            if ch == "^" and all(c in "0123456789+-" for c in text):
                out.append(text.translate(SUPERSCRIPTS))
            else:
                # 아래 첨자: 한 글자는 붙이고(W0), 여러 글자는 띄어 읽게 합니다(x min).
                out.append((text if len(text) == 1 else f" {text}") if ch == "_" else f"^{_wrap(text)}")
        elif ch in "{}":
            i += 1
        elif ch == "~":
            out.append(" ")
            i += 1
        else:
            out.append(ch)
            i += 1
    return re.sub(r"\s+", " ", "".join(out)).strip()


def _wrap(text):
    return text if re.fullmatch(r"[\w.]+", text) else f"({text})"


def bad_alt(alt) -> str | None:
    """alt가 쓸모없으면 그 까닭(한국어), 괜찮으면 None."""
    if alt is None or not alt.strip():
        return "대체 텍스트(alt)가 비어 있습니다"
    if PATH_LIKE.fullmatch(alt.strip()):
        return f"대체 텍스트(alt)가 파일 이름이나 경로입니다({alt!r})"
    return None
