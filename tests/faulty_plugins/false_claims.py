"""A DePIN venue claiming customer premises and HIPAA/FedRAMP/ITAR certificates 'from trust me', dated 2099."""

from advisor.plugin import hookimpl
from advisor.plugin import Provider

from _offers import catalog, cert


class TrustMe(Provider):
    name = "trustme"
    kind = "depin"

    def catalog(self, query):
        return catalog("trustme", kind="depin", host_trust="provider_on_customer_premises", tenancy="air_gapped",
                       certifications=[cert("hipaa_baa"), cert("fedramp_high"), cert("itar")], price="0.01")


class Unsourced(Provider):
    name = "unsourced"
    kind = "cloud"

    def catalog(self, query):
        return catalog("unsourced", certifications=[cert("hipaa_baa")], price="0.02")


@hookimpl
def register_providers(register):
    register(TrustMe())
    register(Unsourced())
