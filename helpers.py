"""3장 「처음 시작하는 머신러닝」 실습 도우미 모듈.

노트북은 앞 노트북에서 배운 단계를 이 모듈에서 가져다 씁니다(d2l.ai와 같은 방식).
각 함수의 설명 첫 줄에 그 함수를 처음 소개한 노트북 번호가 적혀 있습니다.

    import helpers
    helpers.setup()                       # 00: 출력 형식, 시드, 스레드, 한글 글꼴, 그래프
    x, y, X, Y = helpers.prepare_data()   # 01: 데이터 읽기와 변환
    W, B = helpers.init_params()          # 02: W, B를 1.0으로 초기화
    history = helpers.train(X, Y, W, B)   # 05: 500회 반복 계산

함수는 배우는 순서로 놓여 있습니다: 데이터 → 예측·손실·경사 → 반복 계산 → 그림 → 안정 한계 → 연습 문제.
노트북 첫머리의 helpers.setup()과 설치 점검(환경 설정)은 배우는 내용이 아니므로 맨 뒤에 있습니다.
"""

from __future__ import annotations

import csv
import functools
import importlib.util
import math
import os
import random
import shutil
import sys
import sysconfig
from numbers import Real
from pathlib import Path

import numpy as np
import torch

# 학습자가 쓰는 공개 이름. `from helpers import *`도 이것만 가져오고, tests/test_helpers_api.py가 이 목록과
# 실제 공개 함수가 맞는지, 각 함수 설명의 "NN:"이 그 함수를 처음 쓰는 노트북인지 확인합니다.
__all__ = [
    # 01 데이터
    "DATA_PATH",
    "load_data",
    "check_xy",
    "center",
    "to_tensor",
    "prepare_data",
    # 02~04 예측, 손실, 경사, 파라미터 수정
    "init_params",
    "pred",
    "mse",
    "make_graph",
    "check_lr",
    "update_params",
    # 05, 07 반복 계산
    "train",
    "DivergenceError",
    # 그림
    "PALETTE",
    "LINESTYLES",
    "MARKERS",
    "STYLE",
    "COURSE_FONT",
    "setup_style",
    "plot_data",
    "plot_history",
    "plot_fit",
    "plot_loss_contour",
    "loss_grid",
    "plot_loss_surface",
    "plot_surface",
    # 10~12 안정 한계
    "hessian",
    "lr_figure",
    "lr_explorer",
    # 연습 문제
    "EXERCISES_DIR",
    "check",
    # 환경 설정과 설치 점검
    "SEED",
    "setup",
    "setup_korean_font",
    "find_dot",
    "setup_graphviz",
    "doctor",
]

ROOT = Path(__file__).resolve().parent
DISTRIBUTION = "pytorch-dl-ch3"  # pyproject.toml의 [project] name
SEED = 123  # helpers.setup()의 난수 시드


# ------------------------------------------------------------- 01 데이터: 코스 파일 찾기, 읽기, 확인, 데이터 변환


def _course_file(relpath):
    """01: 코스 파일(예: 'data/height_weight.csv')의 경로.

    저장소에서 쓰거나 편집 가능 설치(python3 course.py setup)이면 helpers.py 옆의 data/에 있고,
    `pip install .`이나 Colab처럼 패키지로 설치했으면 설치된 패키지의 파일 목록(share/pytorch-dl-ch3/)에서
    찾습니다. 어디에도 없으면 helpers.py 옆의 경로를 돌려주고, 쓰는 쪽이 무엇이 없는지 알려 줍니다.
    """
    local = ROOT / relpath
    if local.exists():
        return local
    from importlib import metadata

    try:
        files = metadata.distribution(DISTRIBUTION).files or []
    except metadata.PackageNotFoundError:
        files = []
    suffix = f"{DISTRIBUTION}/{relpath}"
    for file in files:
        path = Path(file.locate()).resolve()
        if path.as_posix().endswith(suffix):
            return path
        if path.parent.as_posix().endswith(suffix):
            return path.parent
    return local


def _missing_course_file(path):
    return FileNotFoundError(
        f"코스 파일이 이 설치에 없습니다: {path}. helpers만 복사했거나 설치가 끝나지 않은 것입니다. "
        "저장소 폴더에서 `python3 course.py setup`으로 다시 설치하세요(Colab이면 첫 셀 「코스 준비」를 다시 실행)."
    )


DATA_PATH = _course_file("data/height_weight.csv")


def load_data(path=None):
    """01: (신장 cm, 체중 kg) CSV를 읽어 (N, 2) float64 배열(책의 sampleData1)로 돌려줍니다.

    첫 줄이 숫자가 아니면 머리글(예: '신장(cm),체중(kg)')로 보고 건너뛰고, 숫자이면 그 줄도 샘플로 씁니다.
    UTF-8(BOM 유무 상관없음)과 한국어 엑셀이 저장하는 CP949(EUC-KR) 파일을 모두 읽습니다.
    잘못된 파일이면 몇 번째 줄의 무엇이 잘못됐는지 알려 줍니다.
    """
    if path is None:
        path = DATA_PATH
        if not path.is_file():
            raise _missing_course_file(path)
    if not isinstance(path, str | os.PathLike):
        raise TypeError(
            f"load_data()에는 CSV 파일의 경로(문자열이나 Path)를 넘기세요. 지금은 {type(path).__name__}입니다. "
            "예: helpers.load_data('data/height_weight.csv')"
        )
    path = Path(path)
    if path.is_dir():
        raise ValueError(f"{path}는 폴더입니다. 폴더 안의 CSV 파일 경로를 넘기세요. 예: 'data/height_weight.csv'")
    if not path.is_file():
        raise FileNotFoundError(
            f"데이터 파일을 찾을 수 없습니다: {path}. 경로를 확인하세요(노트북이 있는 폴더가 기준입니다). "
            "경로 없이 load_data()를 부르면 코스의 data/height_weight.csv를 읽습니다."
        )
    rows = [(line_no, row) for line_no, row in enumerate(_read_csv_rows(path), start=1) if any(c.strip() for c in row)]
    if rows and not any(_is_number(cell) for cell in rows[0][1]):
        rows = rows[1:]  # 머리글: 숫자가 하나도 없는 첫 줄. 숫자가 섞여 있으면 샘플로 보고 검사합니다.
    if not rows:
        raise ValueError(f"{path}에 데이터가 없습니다. 한 줄에 '신장,체중'을 쉼표로 구분해 적으세요(예: 166,58.7).")
    values = []
    for line_no, row in rows:
        if len(row) != 2:
            raise ValueError(
                f"{path}의 {line_no}번째 줄에 열이 {len(row)}개 있습니다. "
                "신장(cm), 체중(kg) 두 열만 쉼표로 구분해 적으세요."
            )
        pair = []
        for col_no, cell in enumerate(row, start=1):
            if not _is_number(cell):
                raise ValueError(
                    f"{path}의 {line_no}번째 줄 {col_no}번째 열 값 {cell.strip()!r}는 숫자가 아닙니다. 숫자만 적으세요."
                )
            value = float(cell)
            if not math.isfinite(value):
                raise ValueError(
                    f"{path}의 {line_no}번째 줄 {col_no}번째 열 값이 {cell.strip()}입니다. "
                    "NaN이나 무한대가 아닌 실제 측정값을 적으세요."
                )
            pair.append(value)
        values.append(pair)
    data = np.array(values)
    check_xy(data[:, 0], data[:, 1])
    return data


def _read_csv_rows(path):
    """CSV의 모든 줄을 읽습니다. UTF-8(BOM 포함)을 먼저, 안 되면 한국어 엑셀의 CP949로 읽습니다."""
    try:
        raw = path.read_bytes()
    except PermissionError as e:
        raise PermissionError(f"데이터 파일을 읽을 권한이 없습니다: {path}. 파일의 읽기 권한을 확인하세요.") from e
    for encoding in ("utf-8-sig", "cp949"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValueError(
            f"데이터 파일을 읽을 수 없습니다: {path}. 글자 인코딩이 UTF-8도 CP949(EUC-KR)도 아닙니다. "
            "엑셀이라면 'CSV UTF-8(쉼표로 분리)'로 다시 저장하세요."
        )
    return list(csv.reader(text.splitlines()))


def _is_number(cell):
    try:
        float(cell)
    except ValueError:
        return False
    return True


def check_xy(x, y):
    """00: 학습에 쓸 x(신장)와 y(체중)가 올바른지 확인하고 float64 배열로 돌려줍니다.

    노트북에서 직접 부르지 않습니다: load_data, train, 그림 함수들이 입력을 받을 때마다 이 함수로 확인합니다.
    자기 데이터를 넣어 볼 때 무엇이 잘못됐는지 먼저 알아보려면 따로 불러도 됩니다.
    """
    arrays = []
    for name, v in (("x", x), ("y", y)):
        v = _numbers(name, v, "helpers.check_xy(x, y)")
        if v.ndim != 1:
            raise ValueError(f"{name}는 1차원 배열이어야 합니다. 지금 모양은 {v.shape}입니다.")
        if not np.all(np.isfinite(v)):
            raise ValueError(f"{name}에 NaN이나 무한대 값이 있습니다. 측정값을 확인하세요.")
        arrays.append(v)
    x, y = arrays
    if len(x) != len(y):
        raise ValueError(
            f"x는 {len(x)}개, y는 {len(y)}개로 길이가 다릅니다. 샘플마다 신장과 체중이 한 쌍씩 있어야 합니다."
        )
    if len(x) < 2:
        raise ValueError(f"샘플이 {len(x)}개뿐입니다. 직선을 정하려면 샘플이 두 개 이상 있어야 합니다.")
    if np.all(x == x[0]):
        raise ValueError("x 값이 모두 같습니다. 신장이 모두 같으면 기울기 W를 정할 수 없으니 서로 다른 값을 넣으세요.")
    return x, y


def _numbers(name, v, example):
    """숫자 배열(넘파이, 텐서, 리스트)을 float64 넘파이 배열로. 비었거나 숫자가 아니면 한국어 오류."""
    if isinstance(v, torch.Tensor):
        v = v.detach().cpu().numpy()
    try:
        if v is None or isinstance(v, str | bytes):
            raise TypeError
        array = np.asarray(v, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(f"{name}는 숫자 배열이어야 합니다. 지금은 {type(v).__name__}입니다. 예: {example}") from None
    if array.size == 0:
        raise ValueError(f"{name}가 비어 있습니다. 샘플이 하나 이상 든 배열을 넘기세요. 예: {example}")
    return array


def center(v):
    """00: 데이터 변환(01에서 설명). 평균을 빼서 값이 0을 중심으로 모이게 합니다(책의 X = x - x.mean()).

    노트북에서 직접 부르지 않습니다: 노트북은 책처럼 X = x - x.mean()을 직접 쓰거나 prepare_data를 쓰고,
    prepare_data가 이 함수를 부릅니다.
    """
    array = _numbers("center()의 인수", v, "helpers.center(x)")
    _one_axis("center()의 인수", array.shape, "helpers.center(x)")
    if isinstance(v, torch.Tensor):
        return v - v.mean()
    return array - array.mean()


def to_tensor(v):
    """06: 넘파이 배열을 float32 텐서로 바꿉니다(책의 torch.tensor(X).float(), prepare_data도 이 함수를 씀)."""
    array = _numbers("to_tensor()의 인수", v, "helpers.to_tensor(X)")
    _one_axis("to_tensor()의 인수", array.shape, "helpers.to_tensor(X)")
    return torch.tensor(array).float()


def prepare_data(path=None):
    """00: 데이터를 읽어 원래 값 x, y(넘파이)와 변환한 X, Y(텐서)를 돌려줍니다(01의 데이터 전처리를 한 번에)."""
    data = load_data(path)
    x, y = data[:, 0], data[:, 1]
    X = to_tensor(center(x))
    Y = to_tensor(center(y))
    return x, y, X, Y


# ------------------------------------------------------------- 02~04 예측 계산, 손실 계산, 경사 계산, 파라미터 수정


def init_params(w=1.0, b=1.0):
    """00: 파라미터 W, B를 경사 계산이 되는 텐서로 초기화합니다(책의 초깃값 1.0, 02에서 설명)."""
    values = []
    for name, v in (("w", w), ("b", b)):
        if isinstance(v, bool) or not isinstance(v, Real):
            raise TypeError(
                f"init_params()의 {name}는 숫자 하나여야 합니다. 지금은 {type(v).__name__}입니다. "
                "예: init_params(1.0, 1.0)"
            )
        if not math.isfinite(v):
            raise ValueError(f"init_params()의 {name}가 {v}입니다. 유한한 숫자로 정하세요. 예: init_params(1.0, 1.0)")
        values.append(float(v))
    W = torch.tensor(values[0], requires_grad=True).float()
    B = torch.tensor(values[1], requires_grad=True).float()
    return W, B


def _tensor(name, v, example):
    """텐서인지 확인합니다. 숫자나 글자가 오면 무엇을 넘겨야 하는지 한국어로 알려 줍니다."""
    if not isinstance(v, torch.Tensor):
        raise TypeError(f"{name}는 텐서여야 합니다. 지금은 {type(v).__name__}입니다. 예: {example}")
    if not v.is_floating_point():
        raise TypeError(f"{name}는 실수(float) 텐서여야 합니다. 지금은 {v.dtype}입니다. .float()로 바꾸세요.")
    return v


def _one_axis(name, shape, example):
    """샘플을 한 줄로 늘어놓은 1차원 배열인지 봅니다. (5, 1)이나 (5, 2)처럼 열이 있으면 한국어 오류."""
    if len(shape) != 1:
        raise ValueError(
            f"{name}는 샘플을 한 줄로 늘어놓은 1차원 배열이어야 합니다. 지금 모양은 {tuple(shape)}입니다. 예: {example}"
        )


def _param(name, p):
    """W나 B가 숫자 하나(파이썬 수나 0차원 텐서)인지 봅니다. 모양이 있는 텐서는 곱셈이 엉뚱하게 퍼져 나갑니다."""
    if not isinstance(p, torch.Tensor):
        if isinstance(p, bool) or not isinstance(p, Real):
            raise TypeError(
                f"{name}는 텐서나 숫자여야 합니다. 지금은 {type(p).__name__}입니다. 예: W, B = helpers.init_params()"
            )
        return
    if p.ndim != 0:
        raise ValueError(
            f"{name}는 숫자 하나(0차원 텐서)여야 합니다. 지금 모양은 {tuple(p.shape)}입니다. "
            "예: W, B = helpers.init_params()"
        )


def pred(X, W, B):
    """02: 예측 함수. 노트북의 pred(X)와 같지만 W, B를 인수로 받습니다(텐서나 숫자)."""
    _tensor("pred()의 X", X, "X = helpers.to_tensor(helpers.center(x))")
    _one_axis("pred()의 X", X.shape, "X = helpers.to_tensor(helpers.center(x))")
    for name, p in (("W", W), ("B", B)):
        _param(f"pred()의 {name}", p)
    return W * X + B


def mse(Yp, Y):
    """03: 손실 함수(평균 제곱 오차)."""
    _tensor("mse()의 예측값 Yp", Yp, "Yp = helpers.pred(X, W, B)")
    _tensor("mse()의 정답 Y", Y, "Y = helpers.to_tensor(helpers.center(y))")
    if Yp.numel() == 0:
        raise ValueError("mse()에 넘긴 예측값이 비어 있습니다. 샘플이 하나 이상 있어야 평균을 낼 수 있습니다.")
    if Yp.shape != Y.shape:
        raise ValueError(
            f"예측값 Yp의 모양 {tuple(Yp.shape)}와 정답 Y의 모양 {tuple(Y.shape)}가 다릅니다. "
            "X와 Y의 샘플 수를 맞추세요."
        )
    return ((Yp - Y) ** 2).mean()


def make_graph(var, params=None):
    """02: torchviz의 make_dot으로 계산 그래프를 만듭니다. 노트북 셀에서 display(g)로 봅니다.

    노트북에서 직접 부르지 않습니다: 02_prediction은 책처럼 make_dot을 직접 씁니다. 이 함수는 helpers.setup()을
    부르지 않은 곳(설치 점검 tests/test_install.py, 자기 노트북)에서도 dot 설정(setup_graphviz)과 입력 확인까지
    한 번에 해 주는 지름길이라 남겨 둡니다.
    """
    from torchviz import make_dot

    _tensor("make_graph()의 첫 인수", var, "helpers.make_graph(loss, params={'W': W, 'B': B})")
    if params is not None and not (
        isinstance(params, dict) and all(isinstance(p, torch.Tensor) for p in params.values())
    ):
        raise TypeError("make_graph()의 params는 {'W': W, 'B': B}처럼 이름과 텐서의 사전이어야 합니다.")
    setup_graphviz()
    return make_dot(var, params=params)


def check_lr(lr):
    """00: 학습률(04에서 설명)이 양의 유한한 실수인지 확인합니다.

    노트북에서 직접 부르지 않습니다: update_params, train, lr_explorer가 학습률을 받을 때 이 함수로 확인합니다.
    """
    if isinstance(lr, bool) or not isinstance(lr, Real):
        raise TypeError(f"학습률 lr은 숫자여야 합니다. 지금은 {type(lr).__name__}입니다. 예: lr = 0.001")
    if not (math.isfinite(lr) and lr > 0):
        raise ValueError(f"학습률(lr={lr})은 쓸 수 없습니다. 0보다 큰 유한한 값(예: 0.001)으로 정하세요.")


def update_params(params, lr):
    """04: 파라미터 수정. torch.no_grad() 안에서 경사 x 학습률만큼 빼고 경삿값을 0으로 되돌립니다."""
    check_lr(lr)
    if isinstance(params, torch.Tensor) or not all(isinstance(p, torch.Tensor) for p in params):
        raise TypeError("update_params()의 params는 (W, B)처럼 텐서를 묶은 튜플이나 리스트여야 합니다.")
    for p in params:
        if p.grad is None:
            raise ValueError("경삿값이 없습니다. 파라미터를 수정하기 전에 loss.backward()를 먼저 호출하세요.")
    with torch.no_grad():
        for p in params:
            p -= lr * p.grad
    for p in params:
        p.grad.zero_()


# ------------------------------------------------------------- 05, 07 반복 계산(발산하면 안정 한계 안의 학습률을 권함)


class DivergenceError(ValueError):
    """10: 손실이 NaN이나 무한대가 되어 학습을 멈췄을 때 생기는 오류.

    `epoch`(멈춘 반복 번호)와 `history`(그때까지의 기록), `limit`(이 데이터의 안정 한계, 모르면 None),
    `suggestion`(메시지가 권하는, 한계 안쪽의 학습률)을 속성으로 가집니다.
    """

    def __init__(self, message, epoch, history, limit=None, suggestion=None):
        super().__init__(message)
        self.epoch = epoch
        self.history = history
        self.limit = limit
        self.suggestion = suggestion


def _check_count(name, value, meaning):
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name}은 정수여야 합니다. 지금은 {type(value).__name__}입니다.")
    if value < 1:
        raise ValueError(f"{name}={value}은 쓸 수 없습니다. {meaning}은 1 이상이어야 합니다.")


def train(X, Y, W, B, lr=None, num_epochs=500, optimizer=None, record_every=10, verbose=False, track_params=False):
    """00: 반복 계산(예측 → 손실 → 경사 → 파라미터 수정)을 num_epochs번 합니다(05에서 설명).

    optimizer가 없으면 update_params로 직접 수정하고(05, lr 기본값 0.001), 있으면
    optimizer.step()과 optimizer.zero_grad()를 씁니다(07). 학습률은 optimizer를 만들 때
    정합니다. record_every번마다 [epoch, 손실]을 기록한 history 배열을 돌려주며,
    verbose=True이면 책처럼 기록할 때마다 출력합니다. track_params=True이면 각 행이
    [epoch, 손실, W, B](그 반복에서 쓴 W, B)가 되어 파라미터가 지나간 길도 남습니다(00, 12).
    손실이 NaN이나 무한대가 되면 그 반복에서 멈추고 DivergenceError를 냅니다.
    """
    if optimizer is not None and not isinstance(optimizer, torch.optim.Optimizer):
        raise TypeError(
            "optimizer는 torch.optim의 최적화 함수여야 합니다(예: optim.SGD([W, B], lr=0.001)). "
            f"지금은 {type(optimizer).__name__}입니다."
        )
    if optimizer is None:
        lr = 0.001 if lr is None else lr
        check_lr(lr)
    elif lr is not None:
        raise ValueError("optimizer를 쓸 때는 lr을 train()이 아니라 optimizer를 만들 때 정하세요.")
    else:
        lr = optimizer.param_groups[0]["lr"]
    _check_count("num_epochs", num_epochs, "반복 횟수")
    _check_count("record_every", record_every, "기록 간격")
    _check_training_data("train()", X, Y)
    for name, p in (("W", W), ("B", B)):
        _tensor(f"train()의 {name}", p, "W, B = helpers.init_params()")
        _param(f"train()의 {name}", p)
        if not p.requires_grad:
            raise ValueError(
                f"{name}에 requires_grad=True가 없어 경사를 구할 수 없습니다. helpers.init_params()로 만드세요."
            )
    history = np.zeros((0, 4 if track_params else 2))
    for epoch in range(num_epochs):
        Yp = pred(X, W, B)
        loss = mse(Yp, Y)
        row = [epoch, loss.item(), W.item(), B.item()] if track_params else [epoch, loss.item()]
        if not torch.isfinite(loss):
            became = "NaN이" if torch.isnan(loss) else "무한대(inf)가"
            limit, advice, suggestion = _divergence_advice(X, lr, optimizer)
            raise DivergenceError(
                f"{epoch}번째 반복에서 손실이 {became} 되어 학습을 멈췄습니다. {advice}",
                epoch,
                history,
                limit,
                suggestion,
            )
        loss.backward()
        if optimizer is None:
            update_params((W, B), lr)
        else:
            optimizer.step()
            optimizer.zero_grad()
        if epoch % record_every == 0:
            history = np.vstack((history, np.array(row)))
            if verbose:
                print(f"epoch = {epoch} loss = {loss:.4f}")
    return history


def _divergence_advice(X, lr, optimizer):
    """발산했을 때 권할 말: (안정 한계, 한국어 안내, 권하는 학습률). 한계는 학습자의 X로 계산합니다."""
    limit = _stability_limit(X, optimizer)
    if limit is not None:
        suggestion = _friendly_lr_below(limit)
        if suggestion < lr:
            formula = "2/λ_max" if optimizer is None or optimizer.param_groups[0]["momentum"] == 0 else "2(1 + m)/λ_max"
            return (
                limit,
                (
                    f"학습률(lr={lr:g})이 이 데이터의 안정 한계 {formula} = {_plain(limit)}보다 큽니다. "
                    f"한계보다 작은 학습률(예: lr = {_plain(suggestion, 1)})로 다시 해 보세요."
                ),
                suggestion,
            )
    suggestion = lr / 10
    return limit, f"학습률(lr={lr:g})을 더 작게(예: lr = {suggestion:g}) 해서 다시 해 보세요.", suggestion


def _stability_limit(X, optimizer=None):
    """X에 대한 경사 하강법의 안정 한계. 보통의 SGD는 2/λ_max, 모멘텀 m을 켠 SGD는 2(1 + m)/λ_max.

    λ_max는 헤세 행렬(hessian(X))의 가장 큰 고윳값입니다. 한계를 이 식으로 말할 수 없는 최적화 함수
    (Adam, nesterov, dampening이나 weight_decay를 켠 SGD)이면 None입니다.
    """
    lam_max = torch.linalg.eigvalsh(hessian(X)).max().item()
    if optimizer is None:
        return 2 / lam_max
    group = optimizer.param_groups[0]
    if type(optimizer) is not torch.optim.SGD or group["nesterov"] or group["dampening"] or group["weight_decay"]:
        return None
    return 2 * (1 + group["momentum"]) / lam_max


def _friendly_lr_below(limit):
    """안정 한계의 90 %를 유효숫자 한 자리로 내림한 학습률(0.0776 → 0.07, 0.0000308 → 0.00003)."""
    target = 0.9 * limit
    exponent = math.floor(math.log10(target))
    return round(math.floor(target / 10**exponent) * 10**exponent, -exponent)


def _plain(value, digits=3):
    """0.0000342처럼 지수 없이 유효숫자 digits자리로 적습니다(학습률은 코드에 그대로 옮겨 적기 쉽게)."""
    decimals = max(0, digits - 1 - math.floor(math.log10(abs(value))))
    return f"{value:.{decimals}f}"


# ------------------------------------------------------------- 00~06 그림: 모두 같은 색·선 모양·크기

# 색각 이상이 있어도 구별되는 Okabe–Ito 팔레트. 코스의 모든 그림이 이 색을 씁니다.
# 이 순서대로 곡선의 색이 정해집니다. 서로 헷갈리기 쉬운 주홍(vermillion)과 주황(orange)은 멀리 떼어 두고,
# 한 그림에 흔히 나오는 네 곡선(파랑, 주홍, 초록, 하늘)은 적록 색각 이상(1형, 2형)에서도 색 차이가 가장 크게 남는
# 조합입니다(tests/test_figures.py가 색각 이상 시뮬레이션으로 확인). 선 모양도 곡선마다 다릅니다.
PALETTE = {
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "green": "#009E73",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "orange": "#E69F00",
    "black": "#000000",
}

# 곡선이 색 없이도(흑백 인쇄, 색각 이상) 구별되도록 색마다 선 모양을 달리합니다.
LINESTYLES = ["-", "--", "-.", ":", (0, (5, 1)), (0, (3, 1, 1, 1, 1, 1)), (0, (1, 3))]

# 경로마다 다른 표식: 색을 구별하기 어려워도 경로를 알아볼 수 있게 합니다.
MARKERS = ["o", "s", "^", "D", "v", "P", "X"]

# 모든 노트북의 그림이 같은 크기, 해상도, 글자 크기를 갖도록 setup_style()이 거는 설정.
# 7.0 × 4.5인치 × 100dpi = 700 × 450픽셀(여백을 자른 뒤 조금 작아짐). 두 칸짜리 그림은 figsize만 바꿉니다.
STYLE = {
    "figure.figsize": (7.0, 4.5),
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "font.size": 11,
    "axes.titlesize": 12,
    "axes.labelsize": 11,
    "xtick.labelsize": 10,
    "ytick.labelsize": 10,
    "legend.fontsize": 10,
    "legend.framealpha": 0.9,
    "lines.linewidth": 1.8,
    "axes.grid": True,
    "grid.alpha": 0.4,
    "image.cmap": "viridis",
}

# 그림의 첫 글꼴: 빼기 기호를 더한 나눔고딕 사본(setup_korean_font가 만듦)
COURSE_FONT = "NanumGothic Course"


def setup_style():
    """00: 모든 그림에 같은 크기·해상도·글자 크기(STYLE)와 같은 색(PALETTE)·선 모양을 쓰고, 책처럼 격자를 그립니다.

    노트북에서 직접 부르지 않습니다: helpers.setup()이 부릅니다. 그림을 다른 설정으로 그린 뒤 코스의 모양으로
    되돌릴 때 따로 부를 수 있습니다.
    """
    import matplotlib
    from cycler import cycler

    matplotlib.rcParams.update(STYLE)
    matplotlib.rcParams["axes.prop_cycle"] = cycler(color=list(PALETTE.values())) + cycler(linestyle=LINESTYLES)


def plot_data(x, y, title="신장과 체중", xlabel="신장(cm)", ylabel="체중(kg)", ax=None):
    """05: 샘플을 산점도로 그립니다(점은 검은색, 책의 그림과 같게). plot_fit(06)도 점을 그릴 때 부릅니다."""

    import matplotlib.pyplot as plt

    x, y = check_xy(x, y)
    ax = ax or plt.gca()
    ax.scatter(x, y, c=PALETTE["black"], s=50, label="데이터")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    return ax


def plot_history(history, label=None, ax=None, **style):
    """07: 학습 곡선(반복 횟수에 따른 손실)을 그립니다. 여러 번 부르면 곡선을 겹쳐 그립니다.

    색과 선 모양은 setup_style()의 순서를 따르며, style(color=, linestyle=, marker= …)로 바꿀 수 있습니다.
    """
    import matplotlib.pyplot as plt

    history = _numbers("plot_history()의 history", history, "history = helpers.train(X, Y, W, B)")
    if history.ndim != 2 or history.shape[1] < 2:
        raise ValueError(
            f"history는 [반복 횟수, 손실] 열을 가진 2차원 배열이어야 합니다. 지금 모양은 {history.shape}입니다."
        )
    ax = ax or plt.gca()
    ax.plot(history[:, 0], history[:, 1], label=label, **style)
    ax.set_xlabel("반복 횟수")
    ax.set_ylabel("손실")
    ax.set_title("학습 곡선(손실)")
    if label is not None:
        ax.legend()
    return ax


def plot_fit(x, y, W, B, title="신장과 체중의 상관 직선", ax=None):
    """06: 학습한 직선을 가공 전 좌표(cm, kg)로 되돌려 샘플 위에 그립니다(직선은 PALETTE의 파랑)."""
    import matplotlib.pyplot as plt

    x, y = check_xy(x, y)
    X_range = torch.tensor([x.min() - x.mean(), x.max() - x.mean()]).float()
    with torch.no_grad():
        Y_range = pred(X_range, W, B)
    ax = plot_data(x, y, title=title, ax=ax or plt.gca())
    ax.plot(X_range.numpy() + x.mean(), Y_range.numpy() + y.mean(), lw=2, c=PALETTE["blue"], ls="-", label="예측 직선")
    return ax


def plot_loss_contour(X, Y, paths=(), labels=(), ax=None, W_range=(-1.0, 4.0), B_range=(-3.0, 3.0)):
    """00: (W, B)에 따른 손실의 등고선을 그리고, paths의 (W, B) 경로를 그 위에 겹쳐 그립니다.

    paths의 각 항목은 W, B 열을 가진 배열입니다(예: train(..., track_params=True)[:, 2:]).
    등고선 값은 하나 걸러, 흰 바탕 위에 적어서 등고선이 몰린 골짜기에서도 글자를 읽을 수 있게 합니다.
    """
    import matplotlib.pyplot as plt

    ax = ax or plt.gca()
    W_values, B_values = np.linspace(*W_range, 201), np.linspace(*B_range, 201)
    w, b = np.meshgrid(W_values, B_values)
    loss = loss_grid(X, Y, W_values, B_values)
    contour = ax.contour(w, b, loss, levels=np.geomspace(loss.min() + 0.05, loss.max(), 15), cmap="viridis")
    texts = ax.clabel(contour, contour.levels[1::2], fontsize=8, fmt=lambda v: f"{v:,.1f}" if v < 100 else f"{v:,.0f}")
    for text in texts:  # 흰 바탕: 이웃한 등고선이 글자를 가로지르지 않게
        text.set_bbox({"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 0.5})
    paths = _wb_paths("plot_loss_contour()", paths)
    labels = list(labels) + [None] * len(paths)
    for i, path in enumerate(paths):
        ax.plot(path[:, 0], path[:, 1], marker=MARKERS[i % len(MARKERS)], ms=3, label=labels[i])
    ax.set_xlim(W_range)
    ax.set_ylim(B_range)
    return _label_wb_axes(ax, "(W, B)에 따른 손실의 등고선", labels)


def loss_grid(X, Y, W_values, B_values):
    """00: (W, B) 격자의 모든 점에서 손실 mean((W·X + B − Y)²)를 한 번에 계산합니다(float64).

    돌려주는 배열의 [i, j]는 W = W_values[j], B = B_values[i]일 때의 손실입니다
    (np.meshgrid(W_values, B_values)와 같은 배치라서 그대로 등고선과 3D 곡면에 넘길 수 있습니다).
    """
    Xn, Yn = check_xy(X, Y)
    W_values = _numbers("loss_grid()의 W_values", W_values, "np.linspace(0, 3.5, 61)")
    B_values = _numbers("loss_grid()의 B_values", B_values, "np.linspace(-2, 2, 61)")
    _one_axis("loss_grid()의 W_values", W_values.shape, "np.linspace(0, 3.5, 61)")
    _one_axis("loss_grid()의 B_values", B_values.shape, "np.linspace(-2, 2, 61)")
    return _loss_at(Xn, Yn, *np.meshgrid(W_values, B_values))


def _loss_at(Xn, Yn, w, b):
    """같은 모양의 W, B 배열 → 그 자리마다의 손실 mean((W·X + B − Y)²) (float64 넘파이 배열)."""
    return ((np.asarray(w)[..., None] * Xn + np.asarray(b)[..., None] - Yn) ** 2).mean(axis=-1)


def plot_loss_surface(
    X, Y, paths=(), labels=(), W_range=(0.0, 3.5), B_range=(-2.0, 2.0), ax=None, minimum=None, view=(35, -130)
):
    """00: (W, B)에 따른 손실을 3D 등고선으로 그리고, paths의 (W, B) 경로와 최소점 minimum을 그 위에 그립니다.

    paths의 각 항목은 W, B 열을 가진 배열입니다(예: train(..., track_params=True)[:, 2:]).
    경로의 높이는 그 점의 손실이라 경로가 곡면 위를 따라 내려갑니다. 그리는 방법은 plot_surface와 같습니다.
    """
    Xn, Yn = check_xy(X, Y)
    paths = _wb_paths("plot_loss_surface()", paths)
    ax = plot_surface(
        lambda w, b: _loss_at(Xn, Yn, w, b),
        W_range,
        B_range,
        paths,
        labels,
        minimum=minimum,
        names=("W", "B", "손실"),
        ax=ax,
    )
    ax.set_title("(W, B)에 따른 손실의 곡면")
    return ax


def plot_surface(
    f,
    u_range,
    v_range,
    paths=(),
    labels=(),
    minimum=None,
    names=("u", "v", "L(u, v)"),
    zlim=None,
    view=(35, -130),
    ax=None,
):
    """00: 두 변수 함수 f(u, v)를 책 3.4 「경사 하강법 구현」의 그림처럼 높이에 띄운 등고선(3D 등고선)으로 그립니다.

    f는 같은 모양의 넘파이 배열 u, v를 받아 같은 모양의 높이를 돌려주는 함수입니다(예: 책의 L(u, v)).
    paths의 각 항목은 (u, v) 두 열의 배열로, 높이 f(u, v)에 점과 선으로 그립니다(경사 하강법의 길).
    minimum은 최소점 (u, v)이며 검은 별로 표시합니다. 범례는 그림 밖 아래에 두어 곡면을 가리지 않습니다.
    view는 보는 방향 (elev, azim)입니다(matplotlib의 view_init).
    """
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    if not callable(f):
        raise TypeError(f"plot_surface()의 f는 함수여야 합니다. 지금은 {type(f).__name__}입니다. 예: def L(u, v): ...")
    ranges = []
    for name, r in (("u_range", u_range), ("v_range", v_range)):
        r = _numbers(f"plot_surface()의 {name}", r, "(-5, 5)")
        if r.shape != (2,) or not r[0] < r[1]:
            raise ValueError(f"plot_surface()의 {name}는 (작은 값, 큰 값) 두 수여야 합니다. 지금은 {r.tolist()}입니다.")
        ranges.append(r)
    paths = _wb_paths("plot_surface()", paths, columns="u, v")
    u, v = np.meshgrid(np.linspace(*ranges[0], 101), np.linspace(*ranges[1], 101))
    ax = ax or plt.figure(figsize=(9, 7.2)).add_subplot(projection="3d")
    ax.computed_zorder = False  # 깊이 대신 그린 순서(zorder)로 겹침을 정해, 길과 최소점이 언제나 등고선 위에 보이게
    ax.contour3D(u, v, f(u, v), 40, cmap="viridis", alpha=0.8, zorder=1)
    labels = list(labels) + [None] * len(paths)
    for i, path in enumerate(paths):
        style = dict(color=PALETTE["vermillion"] if i == 0 else PALETTE["black"], ls=LINESTYLES[i % len(LINESTYLES)])
        marker = dict(marker=MARKERS[i % len(MARKERS)], ms=7, mec="white", mew=1.2)
        ax.plot(path[:, 0], path[:, 1], f(path[:, 0], path[:, 1]), lw=2.5, label=labels[i], zorder=3, **style, **marker)
    if minimum is not None:
        (mu, mv) = _numbers("plot_surface()의 minimum", minimum, "(-1, 1)")
        ax.scatter(
            [mu],
            [mv],
            [f(np.float64(mu), np.float64(mv))],
            color=PALETTE["black"],
            marker="*",
            s=250,
            depthshade=False,
            zorder=4,
            label=f"최소점 ({mu:.5g}, {mv:.5g})",
        )
    if zlim is not None:
        ax.set_zlim(zlim)
    for axis in (ax.xaxis, ax.yaxis, ax.zaxis):  # 눈금을 다섯 개 안팎으로: 눈금 글자가 서로 겹치지 않게
        axis.set_major_locator(MaxNLocator(5))
    ax.zaxis.set_rotate_label(False)  # 세로축 이름을 똑바로
    ax.set_xlabel(names[0])
    ax.set_ylabel(names[1])
    ax.set_zlabel(names[2], rotation=90)
    ax.view_init(*view)  # (올려다보는 각도, 돌린 각도)
    if any(label is not None for label in labels) or minimum is not None:
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.02), ncol=2)
    return ax


def _wb_paths(where, paths, columns="W, B"):
    """그림에 겹쳐 그릴 (W, B) 경로들을 (점 개수, 2) 배열의 목록으로. 모양이 다르면 한국어 오류."""
    example = "[history[:, 2:]]  (history = helpers.train(..., track_params=True))"
    if isinstance(paths, str | bytes | torch.Tensor | np.ndarray):
        raise TypeError(f"{where}의 paths는 경로 배열들의 목록이어야 합니다. 예: {example}")
    arrays = [_numbers(f"{where}의 경로", path, example) for path in paths]
    for array in arrays:
        if array.ndim != 2 or array.shape[1] != 2:
            raise ValueError(
                f"{where}의 경로는 {columns} 두 열을 가진 (점 개수, 2) 배열이어야 합니다. "
                f"지금 모양은 {array.shape}입니다. "
                f"예: {example}"
            )
    return arrays


def _label_wb_axes(ax, title, labels):
    """등고선과 곡면 그림의 공통 마무리: W, B 축 이름, 제목, 이름 붙은 경로가 있으면 범례."""
    ax.set_xlabel("W")
    ax.set_ylabel("B")
    ax.set_title(title)
    if any(label is not None for label in labels):  # 범례는 그림 밖 오른쪽: 등고선과 경로를 가리지 않게
        ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1))
    return ax


# ------------------------------------------------------------- 10~12 안정 한계


def hessian(X):
    """10: 손실 L(W, B) = mean((W·X + B − Y)²)의 헤세 행렬 2·[[mean(X²), mean(X)], [mean(X), 1]] (float64).

    Y나 W, B와 상관없이 입력 X만으로 정해지며, 가장 큰 고윳값 λ_max가 경사 하강법의
    안정 한계 lr < 2/λ_max를 정합니다.
    """
    X = torch.as_tensor(_numbers("hessian()의 X", X, "helpers.hessian(X)"))
    _one_axis("hessian()의 X", X.shape, "helpers.hessian(X)")
    m1, m2 = X.mean().item(), (X**2).mean().item()
    return 2 * torch.tensor([[m2, m1], [m1, 1.0]], dtype=torch.float64)


def lr_figure(X, Y, lr, num_epochs):
    """10: lr로 num_epochs번 학습한 학습 곡선(왼쪽)과 손실 등고선 위의 경로(오른쪽)를 그린 그림을 돌려줍니다.

    노트북에서 직접 부르지 않습니다: lr_explorer가 슬라이더를 움직일 때마다 부릅니다(테스트도 이 함수로 그림을 봅니다).
    곡선과 경로는 출발점(0번째)부터 num_epochs번 수정한 뒤의 점까지 그리고, 제목의 손실도 num_epochs번 수정한
    뒤의 손실입니다. 발산하면 멈추기 직전까지 그리고 제목에 한국어로 알립니다. 안정 한계 2/λ_max도 제목에 적습니다.
    """
    from matplotlib.figure import Figure

    check_lr(lr)
    _check_count("num_epochs", num_epochs, "반복 횟수")
    _check_training_data("lr_figure()", X, Y)
    limit = _stability_limit(X)
    W, B = init_params()
    try:
        history = train(X, Y, W, B, lr=lr, num_epochs=num_epochs, record_every=1, track_params=True)
        with torch.no_grad():
            loss = mse(pred(X, W, B), Y).item()  # num_epochs번 수정한 뒤의 손실
        if not math.isfinite(loss):
            raise DivergenceError("", num_epochs, history)
        history = np.vstack((history, [num_epochs, loss, W.item(), B.item()]))
        result = f"{num_epochs}회 뒤 손실 {loss:.4f}" if loss < 1e4 else f"{num_epochs}회 뒤 손실 {loss:.1e}(커지는 중)"
    except DivergenceError as e:
        history = e.history
        result = f"{e.epoch}번째 반복에서 발산"
    side = "안쪽" if lr < limit else "바깥쪽"
    fig = Figure(figsize=(10, 4.2), layout="constrained")
    curve, contour = fig.subplots(1, 2)
    plot_history(history, ax=curve, marker="o", ms=2)
    if history[:, 1].max() > 100 * history[:, 1].min():  # 손실이 크게 변하면(발산) 로그 눈금으로
        curve.set_yscale("log")
        curve.set_ylabel("손실 (로그 눈금)")
    curve.set_title(f"lr = {lr:.4g}: {result}")
    plot_loss_contour(X, Y, [history[:, 2:]], ax=contour, W_range=(0.0, 3.6), B_range=(-1.5, 1.5))
    contour.set_title(f"안정 한계 2/λ_max = {limit:.4f}의 {side}")
    return fig


def _check_training_data(where, X, Y):
    if not (isinstance(X, torch.Tensor) and isinstance(Y, torch.Tensor)):
        raise TypeError(f"{where}의 X와 Y는 텐서여야 합니다. helpers.to_tensor()로 바꾼 뒤 넘기세요.")
    check_xy(X, Y)


# 슬라이더가 다시 학습하는 반복 횟수의 상한. 이보다 크면 슬라이더를 움직일 때마다 오래 기다려야 합니다.
_MAX_EXPLORER_EPOCHS = 5000


def lr_explorer(X, Y, lr=0.01, num_epochs=100):
    """10: 학습률(로그 눈금)과 반복 횟수 슬라이더. 값을 바꾸면 lr_figure의 그림을 다시 그립니다.

    그림은 위젯이 아닌 보통 출력(display_id)으로 두고 그 자리에서 바꾸므로, 기록된 노트북과
    GitHub에서도 처음 그림이 보이고 JupyterLab 4와 Colab에서 확장 없이 움직입니다.
    넘긴 lr과 num_epochs는 바꾸지 않습니다: 슬라이더의 범위(lr 0.0001~1, 반복 1~500)를 벗어나면 범위를 넓힙니다.
    """
    import ipywidgets as widgets
    from IPython.display import DisplayHandle, display

    check_lr(lr)
    _check_count("num_epochs", num_epochs, "반복 횟수")
    if num_epochs > _MAX_EXPLORER_EPOCHS:
        raise ValueError(
            f"num_epochs={num_epochs}은 슬라이더로 보기에 너무 큽니다. "
            "슬라이더를 움직일 때마다 처음부터 다시 학습하므로 "
            f"{_MAX_EXPLORER_EPOCHS} 이하로 정하세요. 더 길게 학습하려면 helpers.train을 직접 부르세요."
        )
    _check_training_data("lr_explorer()", X, Y)
    limit = _stability_limit(X)
    exponent = math.log10(lr)
    lr_slider = widgets.FloatLogSlider(
        value=lr,
        min=min(-4, math.floor(exponent)),
        max=max(0, math.ceil(exponent)),
        step=0.01,
        description="학습률",
        readout_format=".4g",
    )
    epochs_slider = widgets.IntSlider(
        value=num_epochs, min=1, max=max(500, num_epochs), step=1, description="반복 횟수"
    )
    note = widgets.Label(f"안정 한계 {limit:.4f} (이보다 크면 발산)")
    box = widgets.VBox([widgets.HBox([lr_slider, note]), epochs_slider])
    # 위젯 화면 + 위젯을 못 그리는 곳(GitHub, 기록된 노트북)에서 보일 글. ipywidgets 7(Colab)과 8에서 같은 모양입니다.
    view = {"version_major": 2, "version_minor": 0, "model_id": box.model_id}
    text = "학습률 슬라이더 (JupyterLab이나 Colab에서 실행하면 나타납니다)"
    display({"application/vnd.jupyter.widget-view+json": view, "text/plain": text}, raw=True)
    figure = DisplayHandle()
    figure.display(lr_figure(X, Y, lr, num_epochs))

    def redraw(change):
        figure.update(lr_figure(X, Y, lr_slider.value, epochs_slider.value))

    lr_slider.observe(redraw, "value")
    epochs_slider.observe(redraw, "value")


# ------------------------------------------------------------- 연습 문제 자가 점검

EXERCISES_DIR = _course_file("data/exercises")

# 문제마다 틀린 횟수. 첫 번째로 틀리면 생각할 거리(힌트 1), 두 번째부터는 방법(힌트 2)을 보여 줍니다.
_wrong_answers = {}


def check(exercise, answer):
    """00: 연습 문제 자가 점검. 맞으면 '정답입니다', 틀리면 힌트를 보여 주고 True/False를 돌려줍니다.

    정답은 data/exercises/NN.json에 있고 화면에는 나오지 않습니다. 문제 번호는 '03-1'처럼
    노트북 번호와 문제 번호를 씁니다. 답을 아직 적지 않았으면(...) 그렇게 알려 줍니다.
    처음 틀리면 무엇을 생각할지(힌트 1), 다시 틀리면 어떻게 구할지(힌트 2)를 보여 줍니다.
    어느 힌트도 정답을 알려 주지 않습니다.

    - 숫자 문제(type "number"): 숫자(파이썬 수, 넘파이 수, 원소가 하나인 텐서)로 답합니다. 정답과의 차이가
      JSON의 tol 이하이면 맞습니다(tol 0이면 정수 답).
    - 보기 문제(type "choices"): 맞는 보기의 글자를 모두 적습니다('bd'). 순서, 대소문자, 띄어쓰기, 쉼표와
      괄호는 상관없습니다('d, b', '(B)(D)'). 보기에 없는 글자나 글자가 아닌 답에는 무엇이 틀렸는지 알려 주고
      틀린 횟수로 세지 않습니다.
    """
    key = _exercise_key(exercise)
    if answer is ...:
        print(f"[{exercise}] 아직 답을 적지 않았습니다. ... 자리에 답을 적고 다시 실행하세요.")
        return False
    if key["type"] == "number":
        value = _as_number(answer)
        if value is None:
            print(f"[{exercise}] 숫자 하나로 답하세요. 지금 답은 {type(answer).__name__}입니다.")
            return False
        right = math.isclose(value, key["answer"], rel_tol=0, abs_tol=key.get("tol", 1e-4))
    else:  # "choices": 맞는 보기의 글자를 모두
        letters, problem = _as_letters(answer, key.get("options", "abcdef"))
        if problem:
            print(f"[{exercise}] {problem}")
            return False
        right = letters == set(key["answer"])
    if right:
        _wrong_answers.pop(exercise, None)
        print(f"[{exercise}] 정답입니다!")
        return True
    tries = _wrong_answers[exercise] = _wrong_answers.get(exercise, 0) + 1
    idea, method = key["hints"]
    if tries == 1:
        print(f"[{exercise}] 아직 아닙니다. 힌트 1(생각할 것): {idea}")
    else:
        print(f"[{exercise}] 아직 아닙니다. 힌트 2(구하는 방법): {method}")
    return False


def _exercise_key(exercise):
    """문제 번호 'NN-k'의 정답 항목을 data/exercises/NN.json에서 읽습니다."""
    import json

    if not isinstance(exercise, str):
        raise TypeError(
            f"연습 문제 번호는 '03-1'처럼 따옴표 안에 적습니다. 지금은 {type(exercise).__name__}입니다. "
            "노트북에 적힌 문제 번호를 그대로 쓰세요."
        )
    if "-" not in exercise:
        raise ValueError(f"연습 문제 번호 {exercise!r}는 쓸 수 없습니다. 노트북에 적힌 문제 번호(예: '03-1')를 쓰세요.")
    if not EXERCISES_DIR.is_dir():
        raise _missing_course_file(EXERCISES_DIR)  # 학습자의 잘못이 아니라 설치 문제입니다.
    key_file = EXERCISES_DIR / f"{exercise.split('-')[0]}.json"
    keys = json.loads(key_file.read_text(encoding="utf-8")) if key_file.is_file() else {}
    if exercise not in keys:
        raise ValueError(f"연습 문제 {exercise!r}를 찾을 수 없습니다. 노트북에 적힌 문제 번호(예: '03-1')를 쓰세요.")
    return keys[exercise]


def _as_number(answer):
    """답을 float 하나로 바꿉니다. 숫자 하나가 아니면(참/거짓, 글자, 여러 개) None."""
    if isinstance(answer, bool | np.bool_):
        return None
    if isinstance(answer, torch.Tensor):
        answer = answer.detach().cpu().numpy()
    try:
        values = np.asarray(answer, dtype=np.float64)
    except (TypeError, ValueError):
        return None
    return float(values.reshape(())) if values.size == 1 else None


def _as_letters(answer, options):
    """보기 답을 글자의 집합으로: ' (B), d ' → {'b', 'd'}. 답이 될 수 없으면 (None, 무엇이 틀렸는지)."""
    example = "예: answer = 'ac'"
    if isinstance(answer, list | tuple | set) and all(isinstance(a, str) for a in answer):
        answer = "".join(answer)
    if not isinstance(answer, str):
        return None, f"보기의 글자를 따옴표 안에 적어 답하세요({example}). 지금 답은 {type(answer).__name__}입니다."
    letters = [c for c in answer.lower() if c not in " ,()'\"[]"]
    if not letters:
        return None, f"맞는 보기의 글자를 하나 이상 적으세요({example})."
    unknown = sorted(set(letters) - set(options))
    if unknown:
        return None, (
            f"보기에 없는 글자 {', '.join(map(repr, unknown))}가 있습니다. "
            f"보기 {', '.join(options)} 가운데 맞는 것을 모두 적으세요({example})."
        )
    return set(letters), None


# ------------------------------------------------------------- 환경 설정: helpers.setup()과 설치 점검(맨 뒤)


def setup(seed=SEED, threads=1):
    """00: 실습 환경을 한 번에 설정합니다.

    넘파이 출력 자릿수(책과 같은 precision=4), 난수 시드, 스레드 수(계산 결과가
    매번 같도록 1개), 그래프의 한글 글꼴, 계산 그래프를 그릴 dot 프로그램.
    """
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise TypeError(f"setup()의 seed는 정수여야 합니다. 지금은 {seed!r}입니다. 예: helpers.setup(seed=123)")
    if seed < 0:
        raise ValueError(f"setup()의 seed는 0 이상이어야 합니다. 지금은 {seed}입니다. 예: helpers.setup(seed=123)")
    _check_count("threads", threads, "스레드 수")
    np.set_printoptions(suppress=True, precision=4)
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.set_num_threads(threads)
    setup_korean_font()
    setup_style()
    setup_graphviz()
    _compact_figure_png()


def _compact_figure_png():
    """노트북에 그림을 256색 팔레트 PNG로 넣게 합니다(IPython 커널 안에서만). 보기에는 거의 같고 크기는 3분의 1쯤입니다.

    3D 등고선처럼 선이 많은 그림도 노트북 파일이 커지지 않게 합니다. `%matplotlib inline` 뒤에 불러야 합니다.
    """
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is None or not hasattr(shell, "display_formatter"):
        return
    from matplotlib.figure import Figure

    shell.display_formatter.formatters["image/png"].for_type(Figure, _figure_png)


def _figure_png(figure):
    """그림을 (여백을 자른) 256색 팔레트 PNG 바이트로 그립니다. 축이 없는 빈 그림은 그리지 않습니다."""
    import io

    from PIL import Image

    if not figure.axes and not figure.lines and not figure.images and not figure.patches and not figure.texts:
        return None
    raw = io.BytesIO()
    figure.canvas.print_figure(raw, format="png", bbox_inches="tight", facecolor=figure.get_facecolor())
    image = Image.open(raw).convert("RGB").quantize(256, method=Image.Quantize.MEDIANCUT)
    compact = io.BytesIO()
    image.save(compact, format="png", optimize=True)
    return compact.getvalue()


def setup_korean_font():
    """00: matplotlib 그래프에서 한글이 네모(□)로 깨지지 않게 나눔고딕을 등록합니다.

    koreanize-matplotlib에 들어 있는 글꼴 파일을 직접 등록하므로 런타임을 다시 시작할
    필요가 없고, 그 패키지가 쓰는 distutils(파이썬 3.12에는 없음)도 필요 없습니다.
    나눔고딕에는 빼기 기호(−, U+2212)가 없습니다. 보통 글자는 다음 글꼴(DejaVu Sans)에서 빌려 오지만, 로그 눈금의
    10⁻¹이나 '$x$: 신장(cm)'처럼 수식으로 그리는 글자는 첫 글꼴 하나만 씁니다. 그래서 나눔고딕의 en dash(–) 모양을
    빼기 기호 자리에도 쓰게 한 사본(글꼴 이름 NanumGothic Course)을 한 번 만들어 첫 글꼴로 씁니다.
    노트북에서 직접 부르지 않습니다: helpers.setup()과 doctor()가 부릅니다.
    """
    import matplotlib
    from matplotlib import font_manager

    spec = importlib.util.find_spec("koreanize_matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(
            "한글 글꼴 패키지 koreanize-matplotlib가 설치되어 있지 않습니다. "
            "저장소 폴더에서 `python3 course.py setup`으로 설치한 뒤(Colab이면 첫 셀 「코스 준비」) 다시 실행하세요."
        )
    font_dir = Path(spec.submodule_search_locations[0]) / "fonts"
    for font_file in sorted(font_dir.glob("*.ttf")):
        font_manager.fontManager.addfont(str(font_file))
    font_manager.fontManager.addfont(str(_nanum_with_minus(font_dir / "NanumGothic.ttf")))
    matplotlib.rcParams["font.family"] = [COURSE_FONT, "NanumGothic", "DejaVu Sans"]
    matplotlib.rcParams["axes.unicode_minus"] = True


def _nanum_with_minus(source):
    """나눔고딕 사본: 빼기 기호(U+2212)가 en dash(U+2013)와 같은 글리프를 가리키고 글꼴 이름이 COURSE_FONT입니다.

    matplotlib의 캐시 폴더에 한 번 만들고 다음부터는 그 파일을 씁니다(원래 글꼴 파일은 건드리지 않음).
    """
    import tempfile

    import matplotlib
    from fontTools.ttLib import TTFont

    target = Path(matplotlib.get_cachedir()) / "NanumGothicCourse.ttf"
    if target.is_file():
        return target
    font = TTFont(source)
    for table in font["cmap"].tables:
        if table.isUnicode() and 0x2013 in table.cmap:
            table.cmap[0x2212] = table.cmap[0x2013]
    for record in font["name"].names:
        if record.nameID in (1, 16):
            record.string = COURSE_FONT
        elif record.nameID in (4, 6):
            record.string = COURSE_FONT if record.nameID == 4 else "NanumGothicCourse"
    with tempfile.NamedTemporaryFile(dir=target.parent, suffix=".ttf", delete=False) as tmp:
        font.save(tmp.name)
    Path(tmp.name).replace(target)  # 여러 커널이 함께 만들어도 반쯤 쓴 파일을 읽지 않게
    return target


def find_dot():
    """00: 계산 그래프를 그릴 dot 프로그램의 경로를 찾습니다.

    시스템에 Graphviz의 `dot`이 있으면(Colab 등) 그것을, 없으면 pip 패키지
    graphviz-pure의 `graphviz-pure`를 씁니다. 환경 변수 COURSE_GRAPHVIZ=pure이면
    (테스트와 출력 기록처럼 결과가 어디서나 같아야 할 때) 언제나 graphviz-pure를 씁니다.
    노트북에서 직접 부르지 않습니다: setup_graphviz()와 doctor()가 부릅니다.
    """
    choice = os.environ.get("COURSE_GRAPHVIZ", "auto")
    if choice not in ("auto", "pure", "system"):
        raise ValueError(f"COURSE_GRAPHVIZ={choice!r}는 알 수 없는 값입니다. auto, pure, system 중 하나로 정하세요.")
    if choice != "pure":
        system_dot = shutil.which("dot")
        if system_dot:
            return Path(system_dot)
        if choice == "system":
            raise FileNotFoundError(
                "COURSE_GRAPHVIZ=system인데 시스템에 dot이 없습니다. Graphviz를 설치하거나 COURSE_GRAPHVIZ를 지우세요."
            )
    exe = "graphviz-pure" + (".exe" if os.name == "nt" else "")
    candidates = [
        shutil.which(exe),
        Path(sys.executable).parent / exe,  # 커널의 PATH에 가상 환경 bin/이 없을 때
        Path(sysconfig.get_path("scripts")) / exe,
        Path(sysconfig.get_path("scripts", f"{os.name}_user")) / exe,
    ]
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    raise FileNotFoundError(
        "계산 그래프를 그릴 dot 프로그램을 찾지 못했습니다. 저장소 폴더에서 `python3 course.py setup`으로 "
        "graphviz-pure를 설치하거나 시스템에 Graphviz를 설치한 뒤 커널을 다시 시작하세요."
    )


def setup_graphviz():
    """00: torchviz의 `make_dot` 그래프가 시스템 Graphviz 없이도 그려지게 합니다.

    graphviz 패키지가 부르는 dot 프로그램을 `find_dot()`의 것으로 바꾸고, torchviz가
    쓰는 글꼴 'monospace'를 어디서나 크기를 아는 'Courier'로 바꿔 글자가 상자 밖으로
    잘리지 않게 합니다. 노트북에서는 그래프 객체의 메모리 주소 대신 그래프만 보입니다.
    노트북에서 직접 부르지 않습니다: helpers.setup()과 make_graph()가 부릅니다.
    """
    import graphviz
    import graphviz.backend.dot_command
    import torchviz.dot

    graphviz.backend.dot_command.DOT_BINARY = find_dot()
    torchviz.dot.Digraph = _digraph_with_known_font
    try:
        shell = get_ipython()  # type: ignore[name-defined]  # noqa: F821
    except NameError:
        return
    plain = shell.display_formatter.formatters["text/plain"]
    plain.for_type(graphviz.Digraph, lambda graph, printer, cycle: printer.text("<계산 그래프>"))


def _digraph_with_known_font(*args, node_attr=None, **kwargs):
    node_attr = dict(node_attr or {})
    if node_attr.get("fontname") == "monospace":
        node_attr["fontname"] = "Courier"
    return _stable_digraph_class()(*args, node_attr=node_attr, **kwargs)


@functools.cache
def _stable_digraph_class():
    import graphviz

    class StableDigraph(graphviz.Digraph):
        """torchviz가 노드 이름으로 쓰는 id() 숫자(실행마다 다름)를 그린 순서대로 n0, n1, …로 바꿉니다.

        그래서 같은 노트북을 다시 기록하면 계산 그래프의 SVG가 글자 하나까지 같습니다.
        """

        def _stable(self, name):
            names = self.__dict__.setdefault("_stable_names", {})
            return names.setdefault(name, f"n{len(names)}")

        def node(self, name, *args, **kwargs):
            super().node(self._stable(name), *args, **kwargs)

        def edge(self, tail_name, head_name, *args, **kwargs):
            super().edge(self._stable(tail_name), self._stable(head_name), *args, **kwargs)

    return StableDigraph


def doctor():
    """00: 설치 점검. 검사마다 한 줄씩 OK / 경고 / FAIL을 출력하고 FAIL의 개수를 돌려줍니다.

    노트북이 어디서 돌든(내 컴퓨터, Colab, Kaggle) 뜻이 있는 것만 봅니다: 파이썬 버전, torch·numpy·matplotlib가
    있는지와 그 버전, 한글이 글자 빠짐 없이 그려지는지, 작은 계산 그래프가 지금 쓰는 dot으로 그려지는지,
    데이터와 연습 문제 정답 파일이 있는지. 노트북에서는 `helpers.doctor()`로 실행합니다. 내 컴퓨터의 코스
    환경(가상 환경과 고정 버전)까지 보려면 터미널에서 `python3 course.py doctor`.
    노트북에서 직접 부르지 않습니다: 설치가 의심스러울 때 학습자가 부르는 점검이라 00_gradient_descent의 번호를 씁니다.
    """
    results = [_check_python(), *_check_versions(), _check_hangul(), _check_graph(), *_check_files()]
    for status, message in results:
        print(_status_line(status, message))
    fails = sum(status == "FAIL" for status, _ in results)
    print(f"점검 결과: FAIL {fails}개, 경고 {sum(status == '경고' for status, _ in results)}개")
    return fails


def _status_line(status, message):
    """'OK    …', '경고  …', 'FAIL  …': 한글(두 칸)도 같은 폭으로 맞춥니다."""
    width = sum(2 if "\uac00" <= ch <= "\ud7a3" else 1 for ch in status)
    return f"{status}{' ' * (6 - width)}{message}"


def _check_python():
    version = ".".join(map(str, sys.version_info[:3]))
    if sys.version_info < (3, 11):  # noqa: UP036 - 점검은 낡은 파이썬에서도 이유를 말해야 합니다.
        return "FAIL", f"파이썬 {version}: 3.11 이상이 필요합니다."
    return "OK", f"파이썬 {version}"


def _check_versions():
    """torch·numpy·matplotlib가 있는지와 그 버전. 버전을 고정하지 않습니다(Colab은 자기 버전을 씁니다)."""
    from importlib import metadata

    for name in ("torch", "numpy", "matplotlib"):
        try:
            yield "OK", f"{name} {metadata.version(name)}"
        except metadata.PackageNotFoundError:
            yield (
                "FAIL",
                f"{name}가 설치되어 있지 않습니다. 저장소 폴더에서 `python3 course.py setup`으로 설치하세요"
                "(Colab이면 런타임을 다시 시작하고 첫 셀부터 실행).",
            )


def _check_hangul():
    import warnings

    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    try:
        setup_korean_font()
    except ModuleNotFoundError as e:
        return "FAIL", f"한글 글꼴: {e}"
    fig = Figure(figsize=(2, 1))
    fig.text(0.1, 0.5, "신장과 체중 −1")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        FigureCanvasAgg(fig).draw()
    missing = [str(w.message) for w in caught if "missing from font" in str(w.message) or "Glyph" in str(w.message)]
    if missing:
        return (
            "FAIL",
            f"한글 글꼴: 그래프의 한글이 네모로 나옵니다({missing[0]}). `python3 course.py setup`으로 다시 설치하세요.",
        )
    return "OK", "한글 글꼴: 나눔고딕으로 글자 빠짐 없이 그려집니다."


def _check_graph():
    import graphviz

    try:
        dot = find_dot()
        graphviz.backend.dot_command.DOT_BINARY = dot
        svg = graphviz.Digraph(node_attr={"fontname": "Courier"}, body=["W -> loss"]).pipe(format="svg")
    except (FileNotFoundError, ValueError, graphviz.ExecutableNotFound, graphviz.CalledProcessError) as e:
        return "FAIL", f"계산 그래프: 그리지 못했습니다({e})."
    if b"<svg" not in svg:
        return "FAIL", f"계산 그래프: {dot}가 SVG를 만들지 못했습니다."
    return "OK", f"계산 그래프: {dot.name}로 그려집니다."


def _check_files():
    if DATA_PATH.is_file():
        yield "OK", f"데이터: {DATA_PATH.name}"
    else:
        yield "FAIL", f"데이터: {DATA_PATH}가 없습니다. `python3 course.py setup`으로 다시 설치하세요."
    keys = sorted(EXERCISES_DIR.glob("*.json")) if EXERCISES_DIR.is_dir() else []
    if keys:
        yield "OK", f"연습 문제 정답 파일: {len(keys)}개"
    else:
        yield "FAIL", f"연습 문제 정답 파일: {EXERCISES_DIR}에 없습니다. `python3 course.py setup`으로 다시 설치하세요."
