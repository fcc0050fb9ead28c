package dev.graft.api.surgery;

/** Which source layer each layer of a deeper target starts from. */
public enum DepthOperator {
    /**
     * bert2BERT's stacking ({@code bert2deepbert_top}): the source stack repeated {@code ⌊L_t/L_s⌋} times, then
     * its top {@code L_t mod L_s} layers: target layer {@code i} copies {@code [0..L_s-1]×k ++ [L_s-r..L_s-1]}.
     */
    STACK,
    /**
     * Interpolation (ELLE's insertion of a copy right after its source): target layer {@code i} copies source
     * layer {@code ⌊i·L_s/L_t⌋}, so duplicates sit next to their originals ({@code [0, 0', 1, 1', ...]}).
     */
    INTERPOLATE;

    /**
     * @return for each of {@code targetLayers} target layers, the source layer it starts from
     * @throws IllegalArgumentException if the target is shallower than the source, or the source has no layer
     *                                  to copy
     */
    public int[] sources(int sourceLayers, int targetLayers) {
        if (targetLayers < sourceLayers) {
            throw new IllegalArgumentException("depth growth needs at least the source's " + sourceLayers
                    + " layers, target has " + targetLayers);
        }
        if (sourceLayers == 0 && targetLayers > 0) {
            throw new IllegalArgumentException("a source without layers has no layer to copy into "
                    + targetLayers + " target layers");
        }
        int[] src = new int[targetLayers];
        if (this == STACK) {
            int full = sourceLayers == 0 ? 0 : targetLayers / sourceLayers;
            int i = 0;
            for (int k = 0; k < full; k++) {
                for (int l = 0; l < sourceLayers; l++) {
                    src[i++] = l;
                }
            }
            int rest = targetLayers - i;
            for (int l = sourceLayers - rest; l < sourceLayers; l++) {
                src[i++] = l;
            }
        } else {
            for (int i = 0; i < targetLayers; i++) {
                src[i] = (int) ((long) i * sourceLayers / targetLayers);
            }
        }
        return src;
    }
}
