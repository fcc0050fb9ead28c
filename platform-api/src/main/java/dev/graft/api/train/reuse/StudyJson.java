package dev.graft.api.train.reuse;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.graft.api.train.ComputeLedger;
import dev.graft.api.train.CurvePoint;
import dev.graft.api.train.LossCurve;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** JSON forms of curves, ledgers and finished runs, for study checkpoints and the source cache. */
final class StudyJson {
    private StudyJson() {
    }

    static JsonArray curve(LossCurve c) {
        JsonArray a = new JsonArray();
        for (CurvePoint p : c.points()) {
            JsonObject o = new JsonObject();
            o.addProperty("step", p.step());
            o.addProperty("flops", p.flops());
            o.addProperty("flops_with_source", p.flopsWithSource());
            o.addProperty("loss", p.loss());
            a.add(o);
        }
        return a;
    }

    static LossCurve curve(JsonArray a) {
        List<CurvePoint> points = new ArrayList<>();
        for (JsonElement e : a) {
            JsonObject o = e.getAsJsonObject();
            points.add(new CurvePoint(o.get("step").getAsInt(), o.get("flops").getAsLong(),
                    o.get("flops_with_source").getAsLong(), o.get("loss").getAsDouble()));
        }
        return new LossCurve(points);
    }

    static JsonObject compute(ComputeLedger.Report r) {
        JsonObject o = new JsonObject();
        r.flops().forEach((k, v) -> o.addProperty(k.name(), v));
        return o;
    }

    static ComputeLedger.Report compute(JsonObject o) {
        EnumMap<ComputeLedger.Category, Long> m = new EnumMap<>(ComputeLedger.Category.class);
        for (Map.Entry<String, JsonElement> e : o.entrySet()) {
            m.put(ComputeLedger.Category.valueOf(e.getKey()), e.getValue().getAsLong());
        }
        return ComputeLedger.restore(new ComputeLedger.Report(m, 0, 0)).report();
    }

    static JsonObject run(ArmRun r) {
        JsonObject o = new JsonObject();
        o.addProperty("arm", r.arm().name());
        o.addProperty("learning_rate", Float.toString(r.learningRate()));
        o.addProperty("seed", r.seed());
        o.addProperty("steps", r.steps());
        o.add("curve", curve(r.curve()));
        o.add("compute", compute(r.compute()));
        return o;
    }

    static ArmRun run(JsonObject o) {
        return new ArmRun(Arm.valueOf(o.get("arm").getAsString()), Float.parseFloat(o.get("learning_rate").getAsString()),
                o.get("seed").getAsInt(), o.get("steps").getAsInt(), curve(o.getAsJsonArray("curve")),
                compute(o.getAsJsonObject("compute")));
    }
}
