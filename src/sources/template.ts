/**
 * `profile --template`: a commented ServiceProfile to start from by hand.
 * The object is the one Linkerd's template holds (one POST route
 * `/authors/{id}` with a 5xx failure class); the comments are this
 * project's own explanation of each field.
 *
 * Timeouts: a route without one has none. linkerd2's destination controller
 * (controller/api/destination/profile_translator.go, toRoute: "No default
 * timeout") sends a zero timeout; Linkerd's own template text (pkg/profiles/
 * template.go) still says 10s, which is out of date.
 */
import { profileName } from "../model/names.js";
import { SERVICE_PROFILE_API_VERSION, SERVICE_PROFILE_KIND, type ServiceProfile } from "../model/serviceprofile.js";

export interface TemplateOptions {
  service: string;
  namespace: string;
  clusterDomain: string;
}

/** The object the template text parses to. */
export function templateProfile(opts: TemplateOptions): ServiceProfile {
  return {
    apiVersion: SERVICE_PROFILE_API_VERSION,
    kind: SERVICE_PROFILE_KIND,
    metadata: { name: profileName(opts.service, opts.namespace, opts.clusterDomain), namespace: opts.namespace },
    spec: {
      routes: [
        {
          name: "/authors/{id}",
          condition: { pathRegex: "/authors/\\d+", method: "POST" },
          responseClasses: [{ condition: { status: { min: 500, max: 599 } }, isFailure: true }],
        },
      ],
    },
  };
}

/** Names are DNS labels after validation; anything else is quoted so the YAML still parses. */
function scalar(value: string): string {
  return /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(value) ? value : JSON.stringify(value);
}

export function renderTemplate(opts: TemplateOptions): string {
  const { metadata } = templateProfile(opts);
  return `# ServiceProfile for the service ${opts.service} in namespace ${opts.namespace}.
# A starting point to edit by hand: the route below is an example, replace it
# with the routes your service really serves.
apiVersion: ${SERVICE_PROFILE_API_VERSION}
kind: ${SERVICE_PROFILE_KIND}
metadata:
  # Linkerd finds a profile by the service's fully qualified DNS name.
  name: ${scalar(metadata.name)}
  # Put the profile in the service's namespace for every client, or in a
  # client's namespace to change only what that client's proxies do.
  namespace: ${scalar(metadata.namespace)}
spec:
  # Requests to the service are sorted into routes. Each route gets its own
  # metrics (request rate, success rate, latency) and its own retry and
  # timeout settings. Requests that fit no route are counted as "[DEFAULT]".
  routes:
  # The name shows up in metrics and dashboards; any string will do.
  - name: '/authors/{id}'

    # The condition decides which requests belong to this route. Routes are
    # tried from top to bottom and a request goes to the first one whose
    # condition it satisfies, so put specific routes before general ones.
    condition:
      # A regular expression that must match the whole request path (it is
      # anchored at both ends).
      pathRegex: '/authors/\\d+'
      # The HTTP method. gRPC calls are always POST.
      method: POST
      # When a condition has several fields, a request must satisfy them
      # all. Written out, the two fields above are the same as:
      # all:
      # - pathRegex: '/authors/\\d+'
      # - method: POST
      #
      # 'all', 'any' and 'not' nest to build any combination, for example
      # every request to /authors/... except deletions:
      # all:
      # - pathRegex: '/authors/.*'
      # - not:
      #     method: DELETE
      # or a route for either of two paths:
      # any:
      # - pathRegex: /healthz
      # - pathRegex: /readyz

    # Response classes say how the route's responses are judged. The proxy
    # checks them in order and the first matching class decides; a response
    # that matches none is a success if its status is below 500.
    responseClasses:
    - condition:
        # An inclusive range of HTTP status codes; with only min (or only
        # max) it is the one code, e.g. \`status: {min: 429}\`.
        status:
          min: 500
          max: 599
        # Response conditions nest with 'all', 'any' and 'not' as well;
        # server errors or rate limiting:
        # any:
        # - status: {min: 500, max: 599}
        # - status: {min: 429, max: 429}
      # isFailure: true counts matching responses as failures in the
      # success rate (and makes them candidates for a retry).
      isFailure: true

    # Retries: when a request to this route fails, the proxy may send it
    # again. Only turn this on for requests that are safe to repeat.
    # isRetryable: true

    # Timeout: how long the proxy waits for a response before it gives up
    # and answers 504. Left out, the route has no timeout (Linkerd sets no
    # default one). Go duration syntax: 300ms, 2s, 1m30s.
    # timeout: 300ms

  # Retries are limited for the whole service by a budget, so that retries
  # cannot pile up on a service that is already failing. Without this block
  # the default applies (20% extra requests, 10 retries a second, over 10s).
  # retryBudget:
  #   # Retries allowed, as a fraction of the original requests (0.2 = 20%).
  #   retryRatio: 0.2
  #   # Retries allowed every second regardless of the ratio, so that
  #   # services with little traffic can retry at all.
  #   minRetriesPerSecond: 10
  #   # The time window over which the ratio is measured.
  #   ttl: 10s
`;
}
