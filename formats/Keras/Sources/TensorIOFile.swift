import Foundation
import ZooCore

/// The io.json layout of ../shared/fixtures (`zoo predict --inputs`): `inputs` in model-input
/// order, each `{"name", "shape", "dtype", "data"}` with row-major data, and optionally the
/// expected `outputs` in model-output order. Token ids (`int32`) become float tensors of ids.
public struct TensorIOFile {
    public var inputs: [Tensor]
    public var inputNames: [String]
    /// Expected outputs, when the file has them.
    public var outputs: [Tensor]?

    public init(contentsOf url: URL) throws {
        let json: JSONValue
        do { json = try JSONValue.parse(try Data(contentsOf: url)) } catch let e as ZooError {
            throw ZooError("\(url.path): \(e.message)")
        } catch {
            throw ZooError("\(url.path): cannot read (\(error.localizedDescription))")
        }
        guard let inputs = json["inputs"]?.arrayValue else { throw ZooError("\(url.path): no \"inputs\" list") }
        self.inputs = try inputs.enumerated().map { try Self.tensor($1, what: "\(url.path): inputs[\($0)]") }
        inputNames = inputs.enumerated().map { $1["name"]?.stringValue ?? "input \($0)" }
        outputs = try json["outputs"]?.arrayValue.map { list in
            try list.enumerated().map { try Self.tensor($1, what: "\(url.path): outputs[\($0)]") }
        }
    }

    static func tensor(_ v: JSONValue, what: String) throws -> Tensor {
        guard let shapeJSON = v["shape"]?.arrayValue, let data = v["data"]?.arrayValue else {
            throw ZooError("\(what): needs \"shape\" and \"data\"")
        }
        let shape = try shapeJSON.map { d -> Int in
            guard let i = d.intValue, i >= 0 else { throw ZooError("\(what): bad shape \(v["shape"]!.serialized())") }
            return i
        }
        guard shape.reduce(1, { $0.multipliedReportingOverflow(by: $1).overflow ? Int.max : $0 * $1 }) == data.count else {
            throw ZooError("\(what): shape \(Shape.describe(shape)) needs \(shape.reduce(1, *)) values, data has \(data.count)")
        }
        let scalars = try data.map { d -> Float in
            guard let x = d.doubleValue else { throw ZooError("\(what): non-numeric data") }
            return Float(x)
        }
        return Tensor(shape: shape, scalars: scalars)
    }

    /// `{"outputs":[{"shape":[...],"data":[...]}]}` with each float32 written as the shortest
    /// decimal that round-trips it.
    public static func outputsJSON(_ outputs: [Tensor]) -> String {
        let items = outputs.map { t -> String in
            let data = t.scalars.map { $0.isFinite ? "\(Double($0))" : "null" }.joined(separator: ", ")
            return "{\"shape\": [\(t.shape.map(String.init).joined(separator: ", "))], \"data\": [\(data)]}"
        }
        return "{\"outputs\": [\(items.joined(separator: ", "))]}\n"
    }
}
