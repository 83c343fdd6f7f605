import { Counter, Histogram, type Registry } from 'prom-client';

export interface McpMetrics {
  calls: Counter<'tool' | 'status'>;
  duration: Histogram<'tool'>;
}

/** `mcp_tool_calls_total{tool,status}` (status: ok or the error code) and `mcp_tool_duration_seconds{tool}`. */
export function mcpMetrics(registry: Registry): McpMetrics {
  const existing = registry.getSingleMetric('mcp_tool_calls_total');
  if (existing !== undefined) {
    return {
      calls: existing as McpMetrics['calls'],
      duration: registry.getSingleMetric('mcp_tool_duration_seconds') as McpMetrics['duration'],
    };
  }
  return {
    calls: new Counter({
      name: 'mcp_tool_calls_total',
      help: 'MCP tool calls by tool and outcome',
      labelNames: ['tool', 'status'],
      registers: [registry],
    }),
    duration: new Histogram({
      name: 'mcp_tool_duration_seconds',
      help: 'MCP tool call duration',
      labelNames: ['tool'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
      registers: [registry],
    }),
  };
}
