import type { SourceResult } from "../model/route.js";
import { type SourceReader } from "../files/reader.js";
/** `short`: `Method` (Linkerd's); `service`: `Service/Method`; `full`: `/pkg.Service/Method`. */
export type RouteNameMode = "short" | "service" | "full";
export declare const ROUTE_NAME_MODES: readonly RouteNameMode[];
export interface ProtoOptions {
    /** Keep only these services, by simple (`VotingService`) or full (`emojivoto.v1.VotingService`) name. Empty or absent: all. */
    services?: string[];
    routeNames?: RouteNameMode;
}
export declare function protoRoutes(reader: SourceReader, files: string[], options?: ProtoOptions): Promise<SourceResult>;
/** `/pkg.Service/Method` (`/Service/Method` without a package). */
export declare function grpcPath(service: string, method: string): string;
