package dev.wasix4j.sockets;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Which network a guest may reach, as wasmer's {@code --net} and its rule sets: nothing (the
 * default), everything, or an allow-list of address/port patterns and name patterns.
 *
 * <p>A rule is one of:
 * <ul>
 *   <li>{@code ADDRESS:PORTS} — ADDRESS is {@code *}, {@code loopback} (127.0.0.0/8 and ::1), an
 *       IPv4 literal or an IPv6 literal in brackets, either with an optional {@code /prefix}; PORTS is
 *       {@code *}, a number or a range {@code low-high}. Examples: {@code 127.0.0.1:8080},
 *       {@code [::1]:*}, {@code 10.0.0.0/8:1000-2000}, {@code *:443}.</li>
 *   <li>{@code dns:NAME} — names the guest may look up; NAME is {@code *}, an exact name or
 *       {@code *.suffix}. Without one, only {@code localhost} resolves.</li>
 * </ul>
 *
 * <p>A socket may bind, connect, send to or accept from an address only when a rule allows it;
 * a binding to the wildcard address (0.0.0.0, ::) is allowed when any rule allows its port, and
 * the connections it accepts are checked one by one. A refused call answers {@code EPERM}, as
 * wasmer answers for an address its rule set blocks. IPv4-mapped IPv6 addresses are checked as the
 * IPv4 address they carry.
 */
public final class NetworkPolicy {
    /** No network at all: sockets open, but bind, connect and send answer ENOTSUP; socketpair works. */
    public static final NetworkPolicy DENY_ALL = new NetworkPolicy("deny-all", List.of(), List.of(), false);
    /** The host's whole network, as {@code wasmer run --net}. */
    public static final NetworkPolicy ALLOW_ALL = new NetworkPolicy("allow-all", List.of(), List.of(), true);
    /** Loopback addresses (127.0.0.0/8, ::1) on every port; only {@code localhost} resolves. */
    public static final NetworkPolicy LOOPBACK_ONLY = allow("loopback:*");

    private static final int MAX_PORT = 0xffff;
    private static final int V4_BITS = 32;
    private static final int V6_BITS = 128;

    private final String description;
    private final List<AddressRule> addresses;
    private final List<String> names;
    private final boolean all;

    private NetworkPolicy(String description, List<AddressRule> addresses, List<String> names, boolean all) {
        this.description = description;
        this.addresses = addresses;
        this.names = names;
        this.all = all;
    }

    /** A policy allowing exactly {@code rules} (see the class comment); a malformed rule is IllegalArgumentException. */
    public static NetworkPolicy allow(String... rules) {
        return allow(List.of(rules));
    }

    public static NetworkPolicy allow(List<String> rules) {
        var addresses = new ArrayList<AddressRule>();
        var names = new ArrayList<String>();
        for (String r : rules) {
            String rule = r.trim();
            if (rule.toLowerCase(Locale.ROOT).startsWith("dns:")) {
                String name = rule.substring(4).toLowerCase(Locale.ROOT);
                if (name.isEmpty()) {
                    throw new IllegalArgumentException("empty name in network rule '" + r + "'");
                }
                names.add(name);
            } else {
                addresses.addAll(AddressRule.parse(rule));
            }
        }
        return new NetworkPolicy(String.join(",", rules), List.copyOf(addresses), List.copyOf(names), false);
    }

    /** True for {@link #DENY_ALL}: no socket may be opened. */
    public boolean deniesAll() {
        return !all && addresses.isEmpty() && names.isEmpty();
    }

    public boolean allowsAll() {
        return all;
    }

    /** May the guest exchange packets with {@code address} at {@code port}? */
    public boolean allows(InetAddress address, int port) {
        if (all) {
            return true;
        }
        InetAddress a = unmapped(address);
        for (AddressRule r : addresses) {
            if (r.matches(a, port)) {
                return true;
            }
        }
        return false;
    }

    /** May the guest bind {@code address}:{@code port}? The wildcard address needs only some rule for the port. */
    public boolean allowsBind(InetAddress address, int port) {
        if (all) {
            return true;
        }
        if (address.isAnyLocalAddress()) {
            return addresses.stream().anyMatch(r -> port == 0 || r.matchesPort(port));
        }
        return port == 0 ? addresses.stream().anyMatch(r -> r.matchesAddress(unmapped(address))) : allows(address, port);
    }

    /** May the guest look {@code host} up? */
    public boolean allowsLookup(String host) {
        if (all) {
            return true;
        }
        if (deniesAll()) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("localhost")) {
            return true;
        }
        for (String n : names) {
            if (n.equals("*") || n.equals(h) || (n.startsWith("*.") && h.endsWith(n.substring(1)))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "NetworkPolicy[" + description + "]";
    }

    private static InetAddress unmapped(InetAddress a) {
        if (a instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            mapped &= b[10] == (byte) 0xff && b[11] == (byte) 0xff;
            if (mapped) {
                return SockAddr.inet4(new byte[] {b[12], b[13], b[14], b[15]});
            }
        }
        return a;
    }

    /** One address rule: a network (address and prefix length, null for any) and a port range. */
    private record AddressRule(InetAddress network, int prefix, int lowPort, int highPort) {
        static List<AddressRule> parse(String rule) {
            int colon = rule.lastIndexOf(':');
            if (colon <= 0 || colon == rule.length() - 1) {
                throw new IllegalArgumentException("network rule '" + rule + "' is not ADDRESS:PORTS");
            }
            String host = rule.substring(0, colon);
            String ports = rule.substring(colon + 1);
            int low;
            int high;
            if (ports.equals("*")) {
                low = 0;
                high = MAX_PORT;
            } else {
                String[] range = ports.split("-", 2);
                low = port(range[0], rule);
                high = range.length == 2 ? port(range[1], rule) : low;
                if (high < low) {
                    throw new IllegalArgumentException("empty port range in network rule '" + rule + "'");
                }
            }
            if (host.equals("*")) {
                return List.of(new AddressRule(null, 0, low, high));
            }
            if (host.equalsIgnoreCase("loopback")) {
                return List.of(new AddressRule(InetAddress.ofLiteral("127.0.0.0"), 8, low, high),
                        new AddressRule(InetAddress.ofLiteral("::1"), V6_BITS, low, high));
            }
            String addr = host;
            int prefix = -1;
            int slash = host.lastIndexOf('/');
            if (slash > 0) {
                addr = host.substring(0, slash);
                prefix = number(host.substring(slash + 1), rule);
            }
            if (addr.startsWith("[") && addr.endsWith("]")) {
                addr = addr.substring(1, addr.length() - 1);
            }
            InetAddress a;
            try {
                a = InetAddress.ofLiteral(addr);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + addr + "' in network rule '" + rule
                        + "' is not an IP address (use dns:NAME for names)");
            }
            int bits = a instanceof Inet4Address ? V4_BITS : V6_BITS;
            if (prefix > bits) {
                throw new IllegalArgumentException("prefix /" + prefix + " too long in network rule '" + rule + "'");
            }
            return List.of(new AddressRule(unmapped(a), prefix < 0 ? bits : prefix, low, high));
        }

        private static int port(String s, String rule) {
            int p = number(s, rule);
            if (p > MAX_PORT) {
                throw new IllegalArgumentException("port " + p + " out of range in network rule '" + rule + "'");
            }
            return p;
        }

        private static int number(String s, String rule) {
            try {
                return Integer.parseInt(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + s + "' in network rule '" + rule + "' is not a number");
            }
        }

        boolean matchesPort(int port) {
            return port >= lowPort && port <= highPort;
        }

        boolean matchesAddress(InetAddress a) {
            if (network == null) {
                return true;
            }
            byte[] n = network.getAddress();
            byte[] b = a.getAddress();
            if (n.length != b.length) {
                return false;
            }
            int shift = n.length * 8 - prefix;
            return new BigInteger(1, n).shiftRight(shift).equals(new BigInteger(1, b).shiftRight(shift));
        }

        boolean matches(InetAddress a, int port) {
            return matchesPort(port) && matchesAddress(Objects.requireNonNull(a));
        }
    }
}
