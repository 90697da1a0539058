//! Where an organisation stands in a network.

text_enum! {
    /// Where an organisation stands in a network.
    pub enum NetworkState ("network.state") {
        Requested = "requested",
        Member = "member",
        Refused = "refused",
    }
}
