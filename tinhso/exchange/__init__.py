"""The data-exchange axis (LGSP): members, their subsystems and services, access
rights, the gateway and its signed message log (docs/exchange.md)."""
