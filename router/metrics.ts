// Prometheus metrics at /metrics with bounded labels: an operation's name is kept only when it is
// one the documented clients ship (the trusted documents' names); every other name is "other",
// an unnamed one "Anonymous". No label carries a URL, an error path (aliases) or a header.
import { createCounter, createHistogram } from '@graphql-hive/gateway';
import { register } from 'prom-client';

type Operation = { operationName?: string; operationType?: string };
type SubgraphCall = { subgraphName: string; executionRequest: { operationType?: string } };
type Http = { request: Request; response: Response };

const OPERATION = ['operationName', 'operationType'];
const SUBGRAPH = ['subgraphName', 'operationType'];

export function prometheusOptions(knownNames: ReadonlySet<string>) {
  const operation = ({ operationName, operationType }: Operation) => ({
    operationName: !operationName ? 'Anonymous' : knownNames.has(operationName) ? operationName : 'other',
    operationType: operationType ?? 'unknown',
  });
  const subgraph = ({ subgraphName, executionRequest }: SubgraphCall) => ({
    subgraphName,
    operationType: executionRequest.operationType ?? 'query',
  });
  const counter = (name: string, help: string, labelNames: string[], fillLabelsFn: unknown) =>
    createCounter({ registry: register, counter: { name, help, labelNames }, fillLabelsFn } as never);
  const histogram = (name: string, help: string, labelNames: string[], fillLabelsFn: unknown) =>
    createHistogram({ registry: register, histogram: { name, help, labelNames }, fillLabelsFn } as never);

  return {
    endpoint: '/metrics',
    metrics: {
      graphql_envelop_request: counter(
        'graphql_envelop_request',
        'Counts the GraphQL operations executed',
        OPERATION,
        operation,
      ),
      graphql_envelop_request_duration: histogram(
        'graphql_envelop_request_duration',
        'Time spent on a GraphQL operation, from parse to execute',
        OPERATION,
        operation,
      ),
      graphql_envelop_error_result: counter(
        'graphql_envelop_error_result',
        'Counts the errors answered, by phase',
        [...OPERATION, 'phase'],
        (params: Operation & { errorPhase?: string }) => ({ ...operation(params), phase: params.errorPhase ?? 'execute' }),
      ),
      graphql_yoga_http_duration: histogram(
        'graphql_yoga_http_duration',
        'Time spent on an HTTP request',
        [...OPERATION, 'method', 'statusCode'],
        (params: Operation, { request, response }: Http) => ({
          ...operation(params),
          method: request.method,
          statusCode: response.status,
        }),
      ),
      graphql_gateway_subgraph_execute_duration: histogram(
        'graphql_gateway_subgraph_execute_duration',
        'Time spent on a subgraph call',
        SUBGRAPH,
        subgraph,
      ),
      graphql_gateway_subgraph_execute_errors: counter(
        'graphql_gateway_subgraph_execute_errors',
        'Counts the errors subgraph calls answered',
        SUBGRAPH,
        subgraph,
      ),
      // Off: per-phase histograms, the request-time summary and the deprecated-field walk cost
      // router CPU on every request (see docs/performance.md and bench/RESULTS.md).
      graphql_envelop_deprecated_field: false,
      graphql_envelop_request_time_summary: false,
      graphql_envelop_phase_parse: false,
      graphql_envelop_phase_validate: false,
      graphql_envelop_phase_context: false,
      graphql_envelop_phase_execute: false,
      graphql_envelop_phase_subscribe: false,
      graphql_gateway_fetch_duration: false,
    },
  };
}
