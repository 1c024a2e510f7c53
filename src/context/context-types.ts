// Small types shared by the context modules.

/** Where a fact came from: kept on our side for citations, never written into the model's text. */
export interface SourceRef {
  readonly resourceType: string;
  readonly id: string;
}

/** `Type/id` of a source. */
export function sourceKey(source: SourceRef): string {
  return `${source.resourceType}/${source.id}`;
}
