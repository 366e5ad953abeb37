"""MiniLM's forward pass for one query through ONNX Runtime: half the time of numpy's.

index.query_encoder runs the six BERT layers in numpy: ~9 ms a question on one core, most of a
warm hybrid search. ONNX Runtime's kernels for products this small are about twice as fast
(bench/query.py). The graph is written here from the model's config (onnx.helper; no torch, no
export step, no file): the weights are the arrays index.query_encoder already holds, handed to
the session as external initializers, so nothing is copied to disk and both engines compute
from the same numbers. Building the session costs ~0.8 s (importing onnx is 0.6 s of it, then
ONNX Runtime optimizes the graph), which a long-lived process (the app, `policykb eval`, a
benchmark) pays once and a one-shot `policykb ask` does not: it keeps the numpy engine.

Tokenizing, pooling and normalizing stay in index.query_encoder; this module maps word-piece
ids to the last layer's hidden states, the same to float32 precision
(tests/test_index_query_encoder.py).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np

OPSET = 20  # Gelu (exact, erf) is a standard operator from opset 20
_PLACEHOLDER = "query-encoder-weights"  # the weights come from memory, never from this file


class OnnxUnavailable(RuntimeError):
    """onnx or onnxruntime is not installed, or the runtime refused the graph."""


class OnnxLayers:
    """The embedding layer norm and the encoder layers of a BERT model, as one ORT session."""

    def __init__(
        self, weights: Mapping[str, np.ndarray], prefix: str, layers: int, heads: int, eps: float
    ) -> None:
        """
        Args:
            weights: tensors by name as index.query_encoder holds them (qkv fused and every
                projection input-major).
            prefix: "bert." or "" before each tensor name.
            layers: encoder layers.
            heads: attention heads.
            eps: layer-norm epsilon.
        """
        try:
            import onnxruntime as ort
        except ImportError as err:  # the optional engine: numpy runs instead
            raise OnnxUnavailable(str(err)) from err
        names = _names(prefix, layers)
        graph = _graph({n: weights[n] for n in names}, prefix, layers, heads, eps)
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1  # products this small only wait for a second thread
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.add_external_initializers(
            names,
            [ort.OrtValue.ortvalue_from_numpy(np.ascontiguousarray(weights[n])) for n in names],
        )
        try:
            self._session = ort.InferenceSession(graph, options, providers=["CPUExecutionProvider"])
        except Exception as err:  # ORT raises its own exception types for a refused graph
            raise OnnxUnavailable(f"ONNX Runtime refused the query graph: {err}") from err

    def run(self, embedded: np.ndarray) -> np.ndarray:
        """Hidden states (n, dim) of the last layer from the summed embeddings (n, dim)."""
        out: np.ndarray = self._session.run(None, {"embedded": embedded.astype(np.float32)})[0]
        return out


def _names(prefix: str, layers: int) -> list[str]:
    """Every tensor the graph reads, in a fixed order."""
    names = [f"{prefix}embeddings.LayerNorm.weight", f"{prefix}embeddings.LayerNorm.bias"]
    for i in range(layers):
        p = f"{prefix}encoder.layer.{i}."
        for part in ("qkv", "attention.output.dense", "intermediate.dense", "output.dense"):
            names += [f"{p}{part}.weight", f"{p}{part}.bias"]
        for norm in ("attention.output.LayerNorm", "output.LayerNorm"):
            names += [f"{p}{norm}.weight", f"{p}{norm}.bias"]
    return names


def _graph(
    weights: Mapping[str, np.ndarray], prefix: str, layers: int, heads: int, eps: float
) -> bytes:
    """The serialized model: layer norm of the input, then `layers` post-norm BERT layers."""
    try:
        import onnx
        from onnx import TensorProto, helper
    except ImportError as err:
        raise OnnxUnavailable(str(err)) from err
    dim = weights[f"{prefix}embeddings.LayerNorm.weight"].shape[0]
    head = dim // heads
    nodes: list[Any] = []
    constants = [
        helper.make_tensor("split_heads", TensorProto.INT64, [4], [0, 3, heads, head]),
        helper.make_tensor("join_heads", TensorProto.INT64, [2], [0, dim]),
        helper.make_tensor("scale", TensorProto.FLOAT, [], [1.0 / math.sqrt(head)]),
    ]

    def node(op: str, inputs: list[str], output: str, **attrs: Any) -> str:
        nodes.append(helper.make_node(op, inputs, [output], **attrs))
        return output

    def linear(x: str, name: str) -> str:
        return node("Add", [node("MatMul", [x, f"{name}.weight"], f"{name}.mm"), f"{name}.bias"],
                    f"{name}.out")  # fmt: skip

    def norm(x: str, name: str) -> str:
        return node("LayerNormalization", [x, f"{name}.weight", f"{name}.bias"], f"{name}.out",
                    axis=-1, epsilon=eps)  # fmt: skip

    x = norm("embedded", f"{prefix}embeddings.LayerNorm")
    for i in range(layers):
        p = f"{prefix}encoder.layer.{i}."
        # (n, 3 dim) -> (n, 3, heads, head) -> (3, heads, n, head): query, key, value per head
        qkv = node("Reshape", [linear(x, f"{p}qkv"), "split_heads"], f"{p}qkv.heads")
        qkv = node("Transpose", [qkv], f"{p}qkv.t", perm=[1, 2, 0, 3])
        q, k, v = (node("Gather", [qkv, f"pick{j}"], f"{p}qkv.{j}", axis=0) for j in range(3))
        keys_t = node("Transpose", [k], f"{p}k.t", perm=[0, 2, 1])
        scores = node("Mul", [node("MatMul", [q, keys_t], f"{p}scores.raw"), "scale"],
                      f"{p}scores")  # fmt: skip
        probs = node("Softmax", [scores], f"{p}probs", axis=-1)
        context = node("Transpose", [node("MatMul", [probs, v], f"{p}ctx.heads")], f"{p}ctx.t",
                       perm=[1, 0, 2])  # fmt: skip
        context = node("Reshape", [context, "join_heads"], f"{p}ctx")
        attended = linear(context, f"{p}attention.output.dense")
        x = norm(node("Add", [attended, x], f"{p}res1"), f"{p}attention.output.LayerNorm")
        inner = node("Gelu", [linear(x, f"{p}intermediate.dense")], f"{p}gelu")
        out = linear(inner, f"{p}output.dense")
        x = norm(node("Add", [out, x], f"{p}res2"), f"{p}output.LayerNorm")
    nodes.append(helper.make_node("Identity", [x], ["hidden"]))
    constants += [helper.make_tensor(f"pick{j}", TensorProto.INT64, [], [j]) for j in range(3)]
    external = [_external(name, array) for name, array in weights.items()]
    graph = helper.make_graph(
        nodes,
        "policykb-query-encoder",
        [helper.make_tensor_value_info("embedded", TensorProto.FLOAT, ["n", dim])],
        [helper.make_tensor_value_info("hidden", TensorProto.FLOAT, ["n", dim])],
        initializer=constants + external,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])
    return bytes(onnx.shape_inference.infer_shapes(model).SerializeToString())


def _external(name: str, array: np.ndarray) -> Any:
    """A float tensor whose data is supplied at session creation (add_external_initializers)."""
    from onnx import TensorProto

    tensor = TensorProto(name=name, data_type=TensorProto.FLOAT, dims=list(array.shape))
    tensor.data_location = TensorProto.EXTERNAL
    for key, value in (("location", _PLACEHOLDER), ("offset", "0"), ("length", str(array.nbytes))):
        entry = tensor.external_data.add()
        entry.key, entry.value = key, value
    return tensor
