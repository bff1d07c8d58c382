"""The one place LangChain chat and embedding models are built from settings.

The OpenAI client libraries load only when a model is configured: on the embedded defaults
every process (the API, each worker, the CLI) starts without them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import SecretStr

from componentforge.config import Settings

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings
    from langchain_core.language_models.chat_models import BaseChatModel

Task = Literal["vision", "text", "generation"]
# One breaker for every chat call: they go to the same server.
BREAKER = "llm"


def provider(settings: Settings) -> Literal["azure", "openai", "openai-compatible", "offline"]:
    if settings.azure_openai_endpoint:
        return "azure"
    if settings.openai_base_url:
        return "openai-compatible"
    if settings.openai_api_key:
        return "openai"
    return "offline"


def model_name(settings: Settings, task: Task | Literal["embedding"]) -> str:
    return {
        "vision": settings.llm_vision_model,
        "text": settings.llm_text_model,
        "generation": settings.llm_generation_model,
        "embedding": settings.llm_embedding_model,
    }[task]


def build_chat_model(settings: Settings, task: Task) -> BaseChatModel | None:
    """A chat model for `task`, or None when no model is configured (offline engines answer).

    Retries are ours (breaker + backoff), so the client's own are off.
    """
    kind = provider(settings)
    if kind == "offline":
        return None
    from langchain_openai import AzureChatOpenAI, ChatOpenAI

    if kind == "azure":
        return AzureChatOpenAI(
            azure_endpoint=str(settings.azure_openai_endpoint),
            api_key=_secret(settings.azure_openai_api_key),
            api_version=settings.azure_openai_api_version,
            azure_deployment=model_name(settings, task),
            timeout=settings.llm_timeout_seconds,
            max_retries=0,
        )
    return ChatOpenAI(
        model=model_name(settings, task),
        # Local OpenAI-compatible servers (Ollama, vLLM, LM Studio) take any key.
        api_key=_secret(settings.openai_api_key) or SecretStr("not-needed"),
        base_url=str(settings.openai_base_url) if settings.openai_base_url else None,
        timeout=settings.llm_timeout_seconds,
        max_retries=0,
        stream_usage=True,
    )


def transient(exc: BaseException) -> bool:
    """Worth another try: rate limits, server errors, dropped connections and time-outs."""
    import openai  # already loaded: only a configured model's call raises here

    if isinstance(exc, openai.APIStatusError):
        return exc.status_code == 429 or exc.status_code >= 500
    return isinstance(exc, openai.APIConnectionError | TimeoutError)


def embeddings_mode(settings: Settings) -> Literal["local", "remote"]:
    """auto: OpenAI/Azure embeddings when their key is set; a bare OPENAI_BASE_URL (a local
    chat server) usually serves no embedding model, so it keeps the local one."""
    if settings.embeddings_provider != "auto":
        return settings.embeddings_provider
    return "remote" if settings.openai_api_key or settings.azure_openai_endpoint else "local"


def build_embeddings(settings: Settings) -> Embeddings | None:
    """OpenAI-style embeddings when configured; None means the local model is used."""
    kind = provider(settings)
    if kind == "offline":
        return None
    from langchain_openai import AzureOpenAIEmbeddings, OpenAIEmbeddings

    if kind == "azure":
        return AzureOpenAIEmbeddings(
            azure_endpoint=str(settings.azure_openai_endpoint),
            openai_api_key=_secret(settings.azure_openai_api_key),
            openai_api_version=settings.azure_openai_api_version,
            deployment=settings.llm_embedding_model,
            request_timeout=settings.llm_timeout_seconds,
            max_retries=0,
        )
    return OpenAIEmbeddings(
        model=settings.llm_embedding_model,
        openai_api_key=_secret(settings.openai_api_key) or SecretStr("not-needed"),
        openai_api_base=str(settings.openai_base_url) if settings.openai_base_url else None,
        request_timeout=settings.llm_timeout_seconds,
        max_retries=0,
        check_embedding_ctx_length=False,
    )


def _secret(value: str | None) -> SecretStr | None:
    return SecretStr(value) if value else None
