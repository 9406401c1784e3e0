"""What an operator sees of a running exchange (issue 17, D175-D179): structured logs with a
request id carried into tasks and webhooks (`logs`, `requests`, `tasks`), Prometheus metrics at
`/metrics` (`metrics`) and error reports to Sentry (`sentry`)."""
