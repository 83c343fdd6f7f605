import type { Counter, Histogram, Registry } from 'prom-client';
import { counterIn, histogramIn } from '../observability/metric-factories.ts';

export interface McpMetrics {
  calls: Counter<'tool' | 'status'>;
  duration: Histogram<'tool'>;
}

/** `mcp_tool_calls_total{tool,status}` (status: ok or the error code) and `mcp_tool_duration_seconds{tool}`. */
export function mcpMetrics(registry: Registry): McpMetrics {
  return {
    calls: counterIn(registry, {
      name: 'mcp_tool_calls_total',
      help: 'MCP tool calls by tool and outcome',
      labelNames: ['tool', 'status'],
    }),
    duration: histogramIn(registry, {
      name: 'mcp_tool_duration_seconds',
      help: 'MCP tool call duration',
      labelNames: ['tool'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    }),
  };
}
