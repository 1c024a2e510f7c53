// Test-only helpers around the Azure stand-in: a model configuration pointing at it, and a reader for the
// server-sent events /api/suggestions answers with.
import type { ModelConfig } from '../../src/model/model-config.ts';

/** Fake values: msw answers for this host; nothing here reaches Azure. */
export const TEST_AZURE_KEY = 'test-azure-key-0123456789abcdef';
export const TEST_DEPLOYMENT = 'chartside-med';
export const TEST_FOUNDRY_ENDPOINT = 'https://chartside-test.services.ai.azure.com/models';
export const TEST_OPENAI_V1_ENDPOINT = 'https://chartside-test.openai.azure.com/openai/v1';

export function testModelConfig(overrides: Partial<ModelConfig> = {}): ModelConfig {
  return {
    endpoint: TEST_FOUNDRY_ENDPOINT,
    endpointKind: 'foundry-models',
    deployment: TEST_DEPLOYMENT,
    apiVersion: '2024-08-01-preview',
    auth: { kind: 'key', apiKey: TEST_AZURE_KEY },
    timeoutMs: 10_000,
    stream: true,
    allowInsecureConnection: false,
    ...overrides,
  };
}

export interface ServerSentEvent {
  readonly event: string;
  readonly data: unknown;
}

/** Parses a text/event-stream body (`event:` and `data:` lines, blank-line separated). */
export function parseServerSentEvents(body: string): ServerSentEvent[] {
  return body
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event: ')) event = line.slice('event: '.length);
        else if (line.startsWith('data: ')) data.push(line.slice('data: '.length));
      }
      return { event, data: JSON.parse(data.join('\n')) as unknown };
    });
}
