/**
 * The {@code vlm} backend: asks a vision-language model served behind an OpenAI-compatible
 * chat-completions endpoint (vLLM, SGLang, TensorRT-LLM serving CamReasoner-7B) about each window,
 * with the CamReasoner Observation-Thinking-Answer prompt, and maps its replies to the label
 * vocabulary. HTTP (timeouts, retries, concurrency limit) lives in {@link
 * io.camreasoner.worker.backend.vlm.ChatCompletionsClient}; prompt text in {@link
 * io.camreasoner.worker.backend.vlm.CamReasonerPrompt}; reply parsing in {@link
 * io.camreasoner.worker.backend.vlm.OtaReply} and {@link
 * io.camreasoner.worker.backend.vlm.AnswerMapper}. Nothing here knows Kafka.
 */
package io.camreasoner.worker.backend.vlm;
