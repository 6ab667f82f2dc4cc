"""Deployment files (haproxy.cfg, the systemd unit, the environment) and the local cluster launcher."""
