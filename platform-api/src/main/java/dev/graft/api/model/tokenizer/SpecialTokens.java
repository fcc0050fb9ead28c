package dev.graft.api.model.tokenizer;

import java.util.Optional;

/**
 * The named special tokens of a tokenizer, as {@code tokenizer_config.json} names them ({@code pad_token},
 * {@code unk_token}, {@code cls_token}, {@code sep_token}, {@code mask_token}, {@code bos_token},
 * {@code eos_token}), each with its id. A token the configuration does not name is absent.
 *
 * @param pad  padding
 * @param unk  unknown
 * @param cls  classification (BERT's {@code [CLS]})
 * @param sep  separator
 * @param mask mask (BERT's {@code [MASK]})
 * @param bos  beginning of sequence
 * @param eos  end of sequence
 */
public record SpecialTokens(Optional<Token> pad, Optional<Token> unk, Optional<Token> cls, Optional<Token> sep,
                            Optional<Token> mask, Optional<Token> bos, Optional<Token> eos) {

    /**
     * One token.
     *
     * @param text its string, e.g. {@code [MASK]}
     * @param id   its id
     */
    public record Token(String text, int id) {
    }

    /** @return none named */
    public static SpecialTokens none() {
        return new SpecialTokens(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }
}
