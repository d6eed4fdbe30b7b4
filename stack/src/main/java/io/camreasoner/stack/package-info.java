/**
 * The whole pipeline in one process and the analysis over it: {@link
 * io.camreasoner.stack.PipelineStack} (embedded KRaft broker and schema registry unless external
 * ones are given, the topics, the aggregator, an inference worker and ingest, under one service
 * runner), {@link io.camreasoner.stack.Analysis} (ingest a set of inputs and wait for every last
 * shot), {@link io.camreasoner.stack.TimelineCollector} (the timelines as they close), {@link
 * io.camreasoner.stack.AnalysisReport} (the {@code analyze} table and JSON) and {@link
 * io.camreasoner.stack.AnalyzeState} (the durable state that lets an interrupted run resume). The
 * launcher's {@code analyze} and {@code up} and {@code bench e2e} share it; no command-line parsing
 * here.
 */
package io.camreasoner.stack;
