"""The network settings the user chooses (kept in the Setting table): proxy, CA bundle, PAC."""

from __future__ import annotations

from pathlib import Path

from desktop_app.network.proxy import DIRECT, NetworkSettings
from desktop_app.network.tls import ssl_context
from desktop_app.services.setting_problems import BadSetting, SettingProblem
from desktop_app.store.database import Store

PROXY_SETTING = "network.proxy"  # "" automatic, "direct", or http://host:port
CA_BUNDLE_SETTING = "network.caBundle"  # a PEM file of extra root CAs ("" none)
PAC_SETTING = "network.usePac"


def load_network_settings(store: Store) -> NetworkSettings:
    return NetworkSettings(
        proxy=str(store.get_setting(PROXY_SETTING) or ""),
        ca_bundle=str(store.get_setting(CA_BUNDLE_SETTING) or ""),
        use_pac=bool(store.get_setting(PAC_SETTING, True)),
    )


def save_network_settings(store: Store, settings: NetworkSettings) -> None:
    """Checks first: a proxy is `direct`, empty (automatic) or an http(s) URL; a CA bundle file loads."""
    proxy = settings.proxy.strip()
    if proxy and proxy.lower() != DIRECT and not proxy.lower().startswith(("http://", "https://")):
        raise BadSetting(SettingProblem.PROXY, f"{proxy!r} is not a proxy address: give http://host:port, 'direct' "
                         "or nothing (automatic)", proxy=repr(proxy))
    bundle = settings.ca_bundle.strip()
    if bundle:
        if not Path(bundle).is_file():
            raise BadSetting(SettingProblem.CA_BUNDLE_MISSING, f"the CA bundle {bundle} does not exist", bundle=bundle)
        ssl_context(bundle)  # CaBundleError (a ValueError) when it holds no usable certificate
    store.set_setting(PROXY_SETTING, proxy)
    store.set_setting(CA_BUNDLE_SETTING, bundle)
    store.set_setting(PAC_SETTING, settings.use_pac)
