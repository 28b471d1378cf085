import * as proto from '@temporalio/proto';
import { patchProtobufRoot } from '@temporalio/proto/lib/patch-protobuf-root';
import { dirname } from 'node:path';

// Histories are kept as the JSON that Temporal's own tools write and read (`temporal workflow
// show --output json`, the UI's download): a history fetched from a live cluster can be
// dropped in beside the recorded ones.
//
// The SDK's historyToJSON/historyFromJSON (@temporalio/common) cannot be used here: npm gives
// @temporalio/common and @temporalio/proto each a nested copy of protobufjs 8 (the top-level
// slot holds the protobufjs 7 of @grpc/proto-loader), and protojson refuses a message type
// made by the other copy ("type must be a Type"). The protojson used below is taken from the
// very copy @temporalio/proto loads, so it works however npm lays the packages out.

type History = proto.temporal.api.history.v1.IHistory;
interface ProtoJson {
  toJson(type: unknown, message: unknown): unknown;
  fromJson(type: unknown, json: unknown, options: { ignoreUnknownFields: boolean }): unknown;
}

const protojsonPath = require.resolve('protobufjs/ext/protojson', {
  paths: [dirname(require.resolve('@temporalio/proto/package.json'))],
});
let loaded: Promise<{ protojson: ProtoJson; historyType: unknown }> | undefined;
const load = () =>
  (loaded ??= import(protojsonPath).then((protojson: ProtoJson) => ({
    protojson,
    historyType: (
      patchProtobufRoot(proto) as unknown as { lookupType(name: string): unknown }
    ).lookupType('temporal.api.history.v1.History'),
  })));

/** A history as JSON text, in the form Temporal's tools use. */
export async function historyToJson(history: History): Promise<string> {
  const { protojson, historyType } = await load();
  const json = protojson.toJson(
    historyType,
    proto.temporal.api.history.v1.History.fromObject(history),
  );
  return `${JSON.stringify(json, null, 2)}\n`;
}

/** A history read back from that JSON, ready for `Worker.runReplayHistories`. */
export async function historyFromJson(
  text: string,
): Promise<proto.temporal.api.history.v1.History> {
  const { protojson, historyType } = await load();
  return protojson.fromJson(historyType, JSON.parse(text), {
    ignoreUnknownFields: true,
  }) as proto.temporal.api.history.v1.History;
}
