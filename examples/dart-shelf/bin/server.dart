// A tiny HTTP server: answers every request with a greeting.
import 'dart:io';

import 'package:shelf/shelf.dart';
import 'package:shelf/shelf_io.dart' as io;

const port = 8080;

Future<void> main() async {
  Response greet(Request request) => Response.ok('hello from dart-shelf\n');
  final server = await io.serve(greet, InternetAddress.anyIPv4, port);
  ProcessSignal.sigterm.watch().listen((_) async {
    await server.close();
    exit(0);
  });
}
