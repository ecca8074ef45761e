//! A tiny HTTP server: answers every request with a greeting, on port 8080.
const std = @import("std");

const body = "hello from zig-http\n";
const port = 8080;

pub fn main() !void {
    const address = try std.net.Address.parseIp("0.0.0.0", port);
    var server = try address.listen(.{ .reuse_address = true });
    defer server.deinit();
    while (true) {
        const conn = server.accept() catch continue;
        handle(conn) catch {};
    }
}

fn handle(conn: std.net.Server.Connection) !void {
    defer conn.stream.close();
    var buf: [4096]u8 = undefined;
    _ = try conn.stream.read(&buf);
    var head: [128]u8 = undefined;
    const header = try std.fmt.bufPrint(&head, "HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: {d}\r\nconnection: close\r\n\r\n", .{body.len});
    try conn.stream.writeAll(header);
    try conn.stream.writeAll(body);
}
