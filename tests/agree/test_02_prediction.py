"""02 예측 계산: 노트북의 pred(X)와 계산 그래프가 helpers와 같고, 그래프에서 B는 곱셈을 거치지 않습니다."""

import json
import re
from pathlib import Path

import pytest
import torch

import helpers

ROOT = Path(__file__).resolve().parents[2]


def test_pred_matches_helpers(notebook):
    ns = notebook("02_prediction")
    W, B, X = ns["W"], ns["B"], ns["X"]
    assert (W.item(), B.item()) == (1.0, 1.0) and W.requires_grad and B.requires_grad
    assert torch.equal(ns["pred"](X), helpers.pred(X, W, B))
    W0, B0 = helpers.init_params()
    assert torch.equal(ns["Yp"], helpers.pred(X, W0, B0))
    assert ns["Yp"].grad_fn.name() == "AddBackward0"
    source = ns["g"].source
    for node in ("W", "B", "AccumulateGrad", "MulBackward0", "AddBackward0"):
        assert node in source


def graph_edges(source):
    """dot 소스에서 {노드 이름: 라벨}과 (보내는 노드, 받는 노드) 목록을 읽습니다."""
    labels = {
        name: label.split("\n")[0].strip('"') for name, label in re.findall(r"(n\d+) \[label=(\"[^\"]*\"|\w+)", source)
    }
    edges = re.findall(r"(n\d+) -> (n\d+)", source)
    return labels, edges


def test_b_goes_straight_to_the_addition(notebook):
    """그림 읽기: W → AccumulateGrad → MulBackward0 → AddBackward0, B → AccumulateGrad → AddBackward0(곱셈 없이)."""
    ns = notebook("02_prediction")
    labels, edges = graph_edges(ns["g"].source)
    by_label = {label: name for name, label in labels.items() if label in ("W", "B", "MulBackward0", "AddBackward0")}
    after = {src: dst for src, dst in edges}
    w_acc, b_acc = after[by_label["W"]], after[by_label["B"]]
    assert labels[w_acc] == labels[b_acc] == "AccumulateGrad"
    assert after[w_acc] == by_label["MulBackward0"] and after[by_label["MulBackward0"]] == by_label["AddBackward0"]
    assert after[b_acc] == by_label["AddBackward0"]
    # 노트북의 next_functions 셀도 같은 것을 보여 줍니다.
    names = [type(node).__name__ for node, _ in ns["Yp"].grad_fn.next_functions]
    assert names == ["MulBackward0", "AccumulateGrad"]
    assert ns["Yp"].grad_fn.next_functions[1][0].variable is ns["B"]


def test_exercise_keys(data):
    x, y, _, _ = data
    keys = json.loads((ROOT / "data" / "exercises" / "02.json").read_text(encoding="utf-8"))
    assert keys["02-1"]["answer"] == pytest.approx(1.0 * (180 - x.mean()) + 1.0 + y.mean())
