import type { SourceResult } from "../model/route.js";
import type { SourceReader } from "../files/reader.js";
export interface OpenApiOptions {
    /** The base path the service sees; beats Swagger's `basePath` and OpenAPI's `servers`. */
    basePath?: string;
}
export declare function openApiRoutes(reader: SourceReader, file: string, options?: OpenApiOptions): Promise<SourceResult>;
/** Go's sort.Strings order: UTF-8 bytes, which is Unicode code point order (not UTF-16 units, not locale). */
export declare function compareBytes(a: string, b: string): number;
