package io.jdesk.peer;

/** How the two peers' stream was established. */
public enum ConnectPath {
    /** TCP hole punch: the controller connected to the device's punched public address. */
    DIRECT,
    /** Same LAN (or same public IP): the controller connected to the device's local address. */
    LAN,
    /** Both sides joined the relay (hbbr) with the same uuid. */
    RELAY
}
